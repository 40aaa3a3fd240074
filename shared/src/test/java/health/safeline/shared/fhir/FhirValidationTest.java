package health.safeline.shared.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The validator keeps base R4's rules for the resources Safeline receives while holding only their definitions. */
class FhirValidationTest {

    private static final FhirValidation VALIDATION = new FhirValidation(false);
    private static final String SD = "http://hl7.org/fhir/StructureDefinition/";

    @BeforeAll
    static void build() {
        VALIDATION.validate(new org.hl7.fhir.r4.model.Patient());
    }

    @Test
    void holdsTheDataTypesTheReceivedResourcesAndTheirValueSetsOnly() {
        IValidationSupport definitions = FhirValidation.definitions(FhirContextProducer.context(),
                FhirValidation.RESOURCES);
        for (String kept : List.of("Patient", "Appointment", "Subscription", "HumanName", "Quantity",
                "SimpleQuantity", "Extension", "dateTime")) {
            assertNotNull(definitions.fetchStructureDefinition(SD + kept), kept);
        }
        for (String dropped : List.of("Observation", "Bundle", "patient-birthPlace", "vitalsigns")) {
            assertNull(definitions.fetchStructureDefinition(SD + dropped), dropped);
        }
        assertNotNull(definitions.fetchValueSet("http://hl7.org/fhir/ValueSet/administrative-gender"));
        assertNotNull(definitions.fetchCodeSystem("http://hl7.org/fhir/appointmentstatus"));
    }

    @Test
    void leavesNoCopyOfTheWholeSpecificationInHapisStaticCache() throws ReflectiveOperationException {
        // DefaultProfileValidationSupport caches every R4 value set per FHIR version for the life of the process.
        // No test of this module may use it, or this one would see its cache.
        Field implementations = DefaultProfileValidationSupport.class.getDeclaredField("ourImplementations");
        implementations.setAccessible(true);
        assertEquals(Map.of(), implementations.get(null), "built with the validator: " + VALIDATION);
    }

    @Test
    void aValidPatientHasNoError() {
        assertEquals(List.of(), errors("""
                {"resourceType":"Patient","identifier":[{"system":"urn:x","value":"1"}],"name":[{"text":"A B"}],
                 "gender":"female","birthDate":"1950-01-02","telecom":[{"system":"phone","value":"555"}],
                 "extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthPlace",
                               "valueAddress":{"city":"X"}}]}"""));
    }

    @Test
    void cardinalityInvariantsAndDataTypesAreStillChecked() {
        List<String> errors = errors("""
                {"resourceType":"Appointment","start":"2026-12-01T10:00:00Z",
                 "identifier":[{"system":"not a uri","value":"1"}]}""");
        for (String expected : List.of("Appointment.status: minimum required = 1",
                "Appointment.participant: minimum required = 1", "Appointment.identifier[0].system URI values",
                "app-2", "app-3")) {
            assertTrue(errors.stream().anyMatch(e -> e.contains(expected)), expected + " in " + errors);
        }
    }

    @Test
    void aContainedOrganizationIsValidatedAndAContainedObservationRefused() {
        List<String> organization = errors("""
                {"resourceType":"Patient","contained":[{"resourceType":"Organization","id":"o",
                  "telecom":[{"system":"phone"}]}],
                 "managingOrganization":{"reference":"#o"}}""");
        assertTrue(organization.stream().anyMatch(e -> e.startsWith("Patient.contained[0]")), organization.toString());
        List<String> observation = errors("""
                {"resourceType":"Patient","contained":[{"resourceType":"Observation","id":"o","status":"final",
                  "code":{"text":"x"}}],"generalPractitioner":[{"reference":"#o"}]}""");
        assertTrue(observation.stream().anyMatch(e -> e.startsWith("Patient.contained[0]")), observation.toString());
    }

    /** "expression diagnostics" of each error issue of validating {@code json}. */
    private static List<String> errors(String json) {
        OperationOutcome outcome = FhirValidation.errors(VALIDATION.validate(
                FhirContextProducer.context().newJsonParser().parseResource(json)));
        return outcome.getIssue().stream()
                .map(FhirValidationTest::describe).toList();
    }

    private static String describe(OperationOutcomeIssueComponent issue) {
        return (issue.getExpression().isEmpty() ? "" : issue.getExpression().get(0).getValue()) + " "
                + issue.getDiagnostics();
    }
}
