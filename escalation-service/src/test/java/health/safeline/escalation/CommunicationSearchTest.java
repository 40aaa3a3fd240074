package health.safeline.escalation;

import static health.safeline.escalation.EscalationResourceTest.FLAGS;
import static health.safeline.escalation.EscalationResourceTest.deliver;
import static health.safeline.escalation.EscalationResourceTest.encode;
import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.api.TriageLevel;
import health.safeline.shared.fhir.EscalationMessages;
import health.safeline.shared.fhir.EscalationMessages.Alert;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Communication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /fhir/Communication}: every received call, by encounter, subject and status, paged. */
@QuarkusTest
class CommunicationSearchTest {

    /** Delivers an alert about {@code patient} on {@code encounter} with the given Communication status. */
    static String call(String patient, String encounter, TriageLevel level, Communication.CommunicationStatus status) {
        String id = UUID.randomUUID().toString();
        Communication c = EscalationMessages.toCommunication(new Alert(id, encounter, patient,
                UUID.randomUUID().toString(), level, FLAGS, "leg pain", "Pain and swelling in the right calf."));
        c.setStatus(status);
        deliver(encode(c)).then().statusCode(201);
        return id;
    }

    static JsonPath search(Map<String, ?> query) {
        return given().header("Authorization", bearer("ehr")).queryParams(query).get("/fhir/Communication")
                .then().statusCode(200).contentType(EscalationResourceTest.FHIR)
                .body("resourceType", equalTo("Bundle")).body("type", equalTo("searchset"))
                .extract().jsonPath();
    }

    static List<String> ids(JsonPath bundle) {
        List<String> ids = bundle.getList("entry.resource.id");
        return ids == null ? List.of() : ids;
    }

    @Test
    void searchesByEncounterSubjectAndStatusNewestFirstWithPaging() {
        String patient = UUID.randomUUID().toString();
        String encounter = UUID.randomUUID().toString();
        String first = call(patient, encounter, TriageLevel.URGENT, Communication.CommunicationStatus.COMPLETED);
        String second = call(patient, encounter, TriageLevel.EMERGENCY, Communication.CommunicationStatus.COMPLETED);
        String other = call(patient, UUID.randomUUID().toString(), TriageLevel.URGENT,
                Communication.CommunicationStatus.INPROGRESS);

        JsonPath byEncounter = search(Map.of("encounter", encounter));
        assertEquals(2, byEncounter.getInt("total"));
        assertEquals(List.of(second, first), ids(byEncounter));
        assertEquals(List.of("Communication", "Communication"), byEncounter.getList("entry.resource.resourceType"));
        assertEquals(List.of("match", "match"), byEncounter.getList("entry.search.mode"));
        assertEquals(ids(byEncounter), ids(search(Map.of("encounter", "Encounter/" + encounter))));

        JsonPath page1 = search(Map.of("subject", "Patient/" + patient, "_count", 2));
        assertEquals(3, page1.getInt("total"));
        assertEquals(List.of(other, second), ids(page1));
        String next = page1.getString("link.find { it.relation == 'next' }.url");
        assertNotNull(next, page1.prettify());
        URI nextUri = URI.create(next);
        JsonPath page2 = given().urlEncodingEnabled(false).header("Authorization", bearer("ehr"))
                .get(nextUri.getRawPath() + "?" + nextUri.getRawQuery())
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(first), ids(page2));
        assertEquals(3, page2.getInt("total"));
        assertNull(page2.getString("link.find { it.relation == 'next' }.url"));
        assertEquals(List.of(first), ids(search(Map.of("subject", patient, "_count", 1, "_offset", 2))));

        assertEquals(List.of(second, first), ids(search(Map.of("subject", patient, "status", "completed"))));
        assertEquals(List.of(other), ids(search(Map.of("subject", patient, "status", "in-progress"))));
        assertEquals(3, search(Map.of("subject", patient, "status", "in-progress,completed")).getInt("total"));
        assertEquals(0, search(Map.of("subject", patient, "status", "stopped")).getInt("total"));
        assertEquals(List.of(first), ids(search(Map.of("subject", patient, "encounter", encounter, "_count", 1,
                "_offset", 1))));
        assertEquals(0, search(Map.of("encounter", encounter, "subject", UUID.randomUUID().toString()))
                .getInt("total"));
        assertTrue(search(Map.of()).getInt("total") >= 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"status=bogus", "status=completed,", "encounter=Patient/abc", "subject=Encounter/abc",
        "subject=Patient/a%20b", "_count=many", "_offset=-x"})
    void unsupportedParameterValuesAre400(String query) {
        given().header("Authorization", bearer("clinician")).get("/fhir/Communication?" + query)
                .then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void rolesAsForTheRead() {
        for (String role : List.of("clinician", "supervisor", "service", "ehr")) {
            given().header("Authorization", bearer(role)).get("/fhir/Communication?_count=1").then().statusCode(200);
        }
        for (String role : List.of("agent", "auditor")) {
            given().header("Authorization", bearer(role)).get("/fhir/Communication").then().statusCode(403);
        }
        given().get("/fhir/Communication").then().statusCode(401);
    }

    @Test
    void aReadCarriesVersionOneAndItsETag() {
        String id = call(UUID.randomUUID().toString(), UUID.randomUUID().toString(), TriageLevel.URGENT,
                Communication.CommunicationStatus.COMPLETED);
        given().header("Authorization", bearer("ehr")).get("/fhir/Communication/" + id)
                .then().statusCode(200)
                .header("ETag", "W/\"1\"")
                .body("meta.versionId", equalTo("1"))
                .body("meta.lastUpdated", notNullValue());
        JsonPath found = search(Map.of("_count", 200));
        List<String> versions = new ArrayList<>(found.getList("entry.resource.meta.versionId"));
        assertTrue(versions.stream().allMatch("1"::equals));
        given().header("Authorization", bearer("ehr")).queryParam("encounter", "Encounter/" + UUID.randomUUID())
                .get("/fhir/Communication").then().statusCode(200).body("total", equalTo(0))
                .body("entry", org.hamcrest.Matchers.nullValue());
        given().header("Authorization", bearer("ehr")).get("/fhir/Communication?_count=1").then()
                .body("entry", hasSize(1));
    }
}
