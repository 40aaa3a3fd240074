package health.safeline.triage;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.validation.ValidationResult;
import health.safeline.api.Vitals;
import health.safeline.shared.fhir.FhirContextProducer;
import health.safeline.shared.fhir.FhirValidation;
import health.safeline.triage.engine.TriageEngine;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;

/** Triage's FHIR surface for EHRs: RiskAssessment search and the published terminology, valid R4. */
@QuarkusTest
class FhirSurfaceTest {

    static final String FHIR = "application/fhir+json";

    @Inject
    TriageEngine engine;

    /** What is served may be any R4 resource: the services' own validator knows only what EHRs send. */
    static final FhirValidation validation = FhirValidation.ofWholeSpecification();

    void assertValid(String json) {
        IBaseResource resource = FhirContextProducer.context().newJsonParser().parseResource(json);
        ValidationResult result = validation.validate(resource);
        assertEquals(List.of(), FhirValidation.errors(result).getIssue().stream()
                .map(i -> i.getDiagnostics() + " @ " + i.getExpression()).toList());
    }

    @Test
    void riskAssessmentsAreSearchedByEncounter() {
        UUID encounter = UUID.randomUUID();
        given().urlEncodingEnabled(false).header("Authorization", bearer("service")).contentType(FHIR)
                .body(TriageResourceTest.request(encounter, "cough", "Dry cough for two days.", Vitals.NONE))
                .post("/fhir/Encounter/$triage").then().statusCode(200);

        String bundle = given().header("Authorization", bearer("ehr")).queryParam("encounter", "Encounter/" + encounter)
                .get("/fhir/RiskAssessment").then().statusCode(200).contentType(FHIR)
                .body("type", equalTo("searchset")).body("total", equalTo(1))
                .body("entry[0].resource.encounter.reference", equalTo("Encounter/" + encounter))
                .extract().asString();
        assertValid(bundle);
        given().header("Authorization", bearer("ehr")).queryParam("encounter", UUID.randomUUID().toString())
                .get("/fhir/RiskAssessment").then().statusCode(200).body("total", equalTo(0));
        given().header("Authorization", bearer("ehr")).get("/fhir/RiskAssessment").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
        given().header("Authorization", bearer("ehr")).queryParam("encounter", "Patient/x")
                .get("/fhir/RiskAssessment").then().statusCode(400);
    }

    @Test
    void redFlagsArePublishedAsACodeSystemWithOneConceptPerRule() {
        JsonPath cs = given().get("/fhir/CodeSystem/red-flag").then().statusCode(200).contentType(FHIR)
                .body("url", equalTo("https://safeline.health/fhir/CodeSystem/red-flag"))
                .body("version", equalTo(engine.protocolVersion()))
                .body("content", equalTo("complete"))
                .extract().jsonPath();
        List<String> codes = cs.getList("concept.code");
        assertEquals(engine.ruleIds().size() + 1, codes.size());
        assertTrue(codes.containsAll(engine.ruleIds()));
        assertTrue(codes.contains("unrecognised-symptoms"));
        assertValid(cs.prettify());
    }

    @Test
    void triageLevelsAndValueSetsArePublishedAndFoundByUrl() {
        String levels = given().get("/fhir/CodeSystem/triage-level").then().statusCode(200)
                .body("concept.code", hasItems("emergency", "urgent", "same-day", "routine")).extract().asString();
        assertValid(levels);
        given().queryParam("url", "https://safeline.health/fhir/CodeSystem/triage-level").get("/fhir/CodeSystem")
                .then().statusCode(200).body("total", equalTo(1)).body("entry[0].resource.id", equalTo("triage-level"));
        String vs = given().get("/fhir/ValueSet/red-flag").then().statusCode(200)
                .body("compose.include[0].system", equalTo("https://safeline.health/fhir/CodeSystem/red-flag"))
                .extract().asString();
        assertValid(vs);
        given().queryParam("url", "https://safeline.health/fhir/ValueSet/triage-level").get("/fhir/ValueSet")
                .then().statusCode(200).body("total", equalTo(1));
        given().get("/fhir/CodeSystem/nope").then().statusCode(404).body("resourceType", equalTo("OperationOutcome"));
        given().queryParam("url", "https://safeline.health/fhir/ValueSet/triage-level|2026.1").get("/fhir/ValueSet")
                .then().statusCode(200).body("total", equalTo(1));
        // a url that is no absolute URI cannot name a code system: a 400, not an empty searchset
        for (String bad : new String[] {"' OR 1=1 --", "<script>alert(1)</script>", "red-flag"}) {
            given().queryParam("url", bad).get("/fhir/CodeSystem").then().statusCode(400)
                    .body("resourceType", equalTo("OperationOutcome"));
        }
    }

    @Test
    void theTriageOperationIsDefinedWhereTheCapabilityStatementSays() {
        String url = given().get("/fhir/metadata").then().statusCode(200).extract().jsonPath()
                .getString("rest[0].resource.find { it.type == 'Encounter' }.operation[0].definition");
        String od = given().get("/fhir/OperationDefinition/" + url.substring(url.lastIndexOf('/') + 1))
                .then().statusCode(200).body("url", equalTo(url)).body("code", equalTo("triage"))
                .body("parameter.name", hasItems("encounter", "patient", "observation", "narrative", "level"))
                .extract().asString();
        assertValid(od);
    }

    @Test
    void capabilityStatementIsValidAndListsTheSearches() {
        String cs = given().get("/fhir/metadata").then().statusCode(200)
                .body("rest[0].resource.type", hasItems("Encounter", "RiskAssessment", "Communication", "CodeSystem",
                        "ValueSet", "AuditEvent"))
                .extract().asString();
        assertValid(cs);
    }
}
