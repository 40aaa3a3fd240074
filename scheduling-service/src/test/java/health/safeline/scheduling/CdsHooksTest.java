package health.safeline.scheduling;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** CDS Hooks discovery, malformed requests, and failing closed: triage is unreachable in this profile. */
@QuarkusTest
class CdsHooksTest {

    static final String SERVICE = "/cds-services/safeline-appointment-book";

    @Inject
    Pool pool;

    /** A proposed Appointment for {@code encounterId} (none when null) starting at {@code start} (none when null). */
    static String appointment(String encounterId, Instant start) {
        return "{\"resourceType\":\"Appointment\",\"status\":\"proposed\""
                + (start == null ? "" : ",\"start\":\"" + start + "\",\"end\":\"" + start.plusSeconds(1200) + "\"")
                + (encounterId == null ? "" : ",\"supportingInformation\":[{\"reference\":\"Encounter/" + encounterId + "\"}]")
                + ",\"participant\":[{\"actor\":{\"reference\":\"Patient/p1\"},\"status\":\"needs-action\"}]}";
    }

    static String bundle(String... appointments) {
        StringBuilder entries = new StringBuilder();
        for (String a : appointments) {
            entries.append(entries.isEmpty() ? "" : ",").append("{\"resource\":").append(a).append("}");
        }
        return "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[" + entries + "]}";
    }

    /** An appointment-book request; {@code encounterId} in the context when not null. */
    static String request(String encounterId, String appointments) {
        return "{\"hook\":\"appointment-book\",\"hookInstance\":\"" + UUID.randomUUID() + "\","
                + "\"fhirServer\":\"https://ehr.example/fhir\",\"context\":{\"userId\":\"Practitioner/u1\","
                + "\"patientId\":\"p1\"" + (encounterId == null ? "" : ",\"encounterId\":\"" + encounterId + "\"")
                + ",\"appointments\":" + appointments + "},\"prefetch\":{}}";
    }

    long count(String sql, Object param) {
        return pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong(0);
    }

    @Test
    void discoveryIsPublicAndListsTheAppointmentBookService() {
        given().get("/cds-services").then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("services", hasSize(1))
                .body("services[0].hook", equalTo("appointment-book"))
                .body("services[0].id", equalTo("safeline-appointment-book"))
                .body("services[0].title", containsString("Safeline"))
                .body("services[0].description", containsString("clearance"))
                .body("services[0].prefetch", nullValue());
    }

    @Test
    void triageUnreachableGivesACriticalCardAndIsAudited() {
        String encounter = UUID.randomUUID().toString();
        given().header("Authorization", bearer("ehr")).contentType(ContentType.JSON)
                .body(request(null, bundle(appointment(encounter, Instant.now().plus(Duration.ofHours(3))))))
                .post(SERVICE).then().statusCode(200)
                .body("cards", hasSize(1))
                .body("cards[0].indicator", equalTo("critical"))
                .body("cards[0].summary", equalTo("Triage unavailable: do not book"))
                .body("cards[0].detail", containsString("triage-unavailable"))
                .body("cards[0].source.label", equalTo("Safeline triage"))
                .body("cards[0].links[0].type", equalTo("absolute"))
                .body("cards[0].links[0].url", equalTo("http://localhost:8084/api/v1/escalations?encounterId=" + encounter));
        assertEquals(1, count("SELECT count(*) FROM audit_event WHERE entity_id = $1 AND action = 'appointment-book.advice'"
                + " AND outcome = 'refused' AND code = 'triage-unavailable'", encounter));
    }

    @Test
    void withoutASafelineEncounterTheAnswerIsDoNotBookWithoutAskingTriage() {
        given().header("Authorization", bearer("agent")).contentType(ContentType.JSON)
                .body(request(null, bundle(appointment(null, Instant.now().plus(Duration.ofHours(3))),
                        appointment("ehr-encounter-77", Instant.now().plus(Duration.ofHours(3))))))
                .post(SERVICE).then().statusCode(200)
                .body("cards", hasSize(2))
                .body("cards[0].indicator", equalTo("critical"))
                .body("cards[0].summary", equalTo("Do not book: no triaged call is linked to this appointment"))
                .body("cards[0].detail", containsString("missing-encounter"))
                .body("cards[0].links", nullValue())
                .body("cards[1].indicator", equalTo("critical"))
                .body("cards[1].summary", equalTo("Do not book: this call needs a clinician (no triage clearance)"))
                .body("cards[1].summary.length()", lessThan(140))
                .body("cards[1].detail", containsString("triage-clearance-required"));
    }

    @Test
    void malformedRequestsAre400WithAnOperationOutcome() {
        String good = bundle(appointment(UUID.randomUUID().toString(), Instant.now().plus(Duration.ofHours(3))));
        List<String> bad = List.of(
                "{",
                "{}",
                request(null, good).replace("\"appointment-book\"", "\"patient-view\""),
                request(null, good).replaceFirst("\"hookInstance\":\"[^\"]*\",", ""),
                "{\"hook\":\"appointment-book\",\"hookInstance\":\"h1\",\"context\":{\"patientId\":\"p1\"}}",
                "{\"hook\":\"appointment-book\",\"hookInstance\":\"h1\"}",
                request(null, "null"),
                request(null, "[]"),
                request(null, "{\"resourceType\":\"Patient\"}"),
                request(null, "{\"resourceType\":\"Bundle\",\"type\":\"collection\"}"),
                request(null, bundle("{\"resourceType\":\"Appointment\",\"status\":\"proposed\",\"start\":\"soon\","
                        + "\"participant\":[{\"status\":\"needs-action\"}]}")),
                request(null, bundle(java.util.Collections.nCopies(21,
                        appointment(UUID.randomUUID().toString(), Instant.now())).toArray(String[]::new))),
                // found by the bad-input corpus (system-tests): each got cards and an audit record
                request(null, good).replaceFirst("\"hookInstance\":\"[^\"]*\"", "\"hookInstance\":\"' OR 1=1 --\""),
                request("<script>", good),
                request(null, good).replace("\"p1\"", "\"' OR 1=1 --\""),
                request(null, good).replace("\"status\":\"proposed\"", "\"status\":{}"));
        for (String body : bad) {
            given().header("Authorization", bearer("ehr")).contentType(ContentType.JSON).body(body)
                    .post(SERVICE).then().statusCode(400)
                    .body("resourceType", equalTo("OperationOutcome"))
                    .body("issue[0].severity", equalTo("error"));
        }
        given().header("Authorization", bearer("ehr")).contentType(ContentType.JSON).body(request(null, good))
                .post("/cds-services/some-other-service").then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void theHookIsForEhrsAndAgentsWithAValidToken() {
        String body = request(null, bundle(appointment(null, Instant.now())));
        given().contentType(ContentType.JSON).body(body).post(SERVICE).then().statusCode(401)
                .body("resourceType", equalTo("OperationOutcome"));
        given().header("Authorization", "Bearer " + health.safeline.shared.testing.TestTokens.expired("ehr"))
                .contentType(ContentType.JSON).body(body).post(SERVICE).then().statusCode(401);
        for (String role : List.of("clinician", "supervisor", "service", "auditor")) {
            given().header("Authorization", bearer(role)).contentType(ContentType.JSON).body(body).post(SERVICE)
                    .then().statusCode(403);
        }
        for (String role : List.of("ehr", "agent")) {
            given().header("Authorization", bearer(role)).contentType(ContentType.JSON).body(body).post(SERVICE)
                    .then().statusCode(200);
        }
    }
}
