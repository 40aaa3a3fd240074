package health.safeline.shared.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
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
}
