package health.safeline.shared.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.junit.jupiter.api.Test;

class SearchParameterFilterTest {

    @Test
    void lenientIsOneOfThePreferences() {
        assertTrue(SearchParameterFilter.lenient(List.of("handling=lenient")));
        assertTrue(SearchParameterFilter.lenient(List.of("return=minimal; handling=lenient")));
        assertTrue(SearchParameterFilter.lenient(List.of("return=minimal, handling = \"lenient\"")));
        assertTrue(SearchParameterFilter.lenient(List.of("respond-async", "Handling=Lenient")));
        assertFalse(SearchParameterFilter.lenient(List.of("handling=strict")));
        assertFalse(SearchParameterFilter.lenient(List.of("handling=lenientish")));
        assertFalse(SearchParameterFilter.lenient(null));
    }

    @Test
    void ignoredParametersLeaveTheLinksWhateverTheirEncoding() {
        assertEquals("http://h/fhir/Slot?start=ge2026-01-01&_offset=50",
                SearchParameterFilter.without("http://h/fhir/Slot?start=ge2026-01-01&status:not=x&_sort=a&_offset=50",
                        Set.of("status:not", "_sort")));
        assertEquals("http://h/fhir/Slot", SearchParameterFilter.without("http://h/fhir/Slot?status%3Anot=x",
                Set.of("status:not")));
        assertEquals("http://h/fhir/Slot", SearchParameterFilter.without("http://h/fhir/Slot", Set.of("a")));
    }

    /** Two searches as a service declares them. */
    static class Searches {
        @FhirSearch(value = "Encounter", params = {
                @FhirSearch.Param(name = "patient", type = SearchParamType.REFERENCE),
                @FhirSearch.Param(name = "date", type = SearchParamType.DATE)})
        public void encounters() {
        }

        @FhirSearch(value = "CodeSystem", params = @FhirSearch.Param(name = "url", type = SearchParamType.URI),
                results = {})
        public void codeSystems() {
        }
    }

    @Test
    void theCapabilityStatementListsWhatTheFilterAccepts() throws Exception {
        FhirSearch encounters = Searches.class.getMethod("encounters").getAnnotation(FhirSearch.class);
        assertEquals(List.of("patient", "date", "_count", "_offset", "_format"),
                List.copyOf(SearchParameterFilter.names(encounters)));
        FhirSearch codeSystems = Searches.class.getMethod("codeSystems").getAnnotation(FhirSearch.class);
        assertEquals(List.of("url", "_format"), List.copyOf(SearchParameterFilter.names(codeSystems)));

        CapabilityStatements cs = CapabilityStatements.server("test-service", "0");
        cs.resource("Encounter", TypeRestfulInteraction.READ);
        List<CapabilityStatementRestResourceComponent> resources = cs.searches(Searches.class).build().getRestFirstRep()
                .getResource();
        CapabilityStatementRestResourceComponent encounter = resources.stream()
                .filter(r -> r.getType().equals("Encounter")).findFirst().orElseThrow();
        assertEquals(List.of("patient", "date"), encounter.getSearchParam().stream().map(p -> p.getName()).toList());
        assertEquals(List.of("read", "search-type"),
                encounter.getInteraction().stream().map(i -> i.getCode().toCode()).toList());
        assertEquals(List.of("entity", "date"), resources.stream().filter(r -> r.getType().equals("AuditEvent"))
                .findFirst().orElseThrow().getSearchParam().stream().map(p -> p.getName()).toList());
        assertTrue(resources.stream().anyMatch(r -> r.getType().equals("CodeSystem")));
    }
}
