package health.safeline.intake;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import health.safeline.shared.fhir.TriageOperation;
import health.safeline.shared.fhir.VitalSigns;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A call's triage against a real HTTP stand-in for triage-service: the answer, the stored decision, the retry. */
@QuarkusTest
@WithTestResource(TriageStub.class)
class IntakeTriageTest {

    @TriageStub.Inject
    TriageStub triage;

    @Inject
    Pool pool;

    static String call(String mrn, String name, String reason) {
        return """
                {"patient": {"identifier": "%s", "name": "%s", "birthDate": "1950-02-03", "sex": "female"},
                 "reason": "%s", "narrative": "Needs a refill, feels well.",
                 "vitals": {"systolic": 128, "diastolic": 78, "heartRate": 70}}""".formatted(mrn, name, reason);
    }

    static JsonPath submit(String body) {
        return given().header("Authorization", bearer("agent")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/intakes").then().statusCode(201).extract().jsonPath();
    }

    Row encounter(String id) {
        return pool.preparedQuery("SELECT * FROM encounter WHERE id = $1").execute(Tuple.of(UUID.fromString(id)))
                .await().atMost(Duration.ofSeconds(5)).iterator().next();
    }

    long audits(String id, String action) {
        return pool.preparedQuery("SELECT count(*) FROM audit_event WHERE entity_id = $1 AND action = $2")
                .execute(Tuple.of(id, action)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

    @Test
    void medicationsReachTriageAndTheExplanationComesBack() {
        String body = """
                {"patient": {"identifier": "MRN-%s", "birthDate": "1950-02-03"}, "reason": "refill",
                 "narrative": "Needs a refill.", "medications": ["apixaban  5 mg", "metformin"]}""".formatted(UUID.randomUUID());
        JsonPath answer = submit(body);
        String id = answer.getString("encounterId");
        assertEquals(List.of("apixaban 5 mg", "metformin"), triage.received(id).get(0).medications());
        assertEquals(List.of("administrative"), answer.getList("triage.protocols"));
        assertEquals("within-30-days", answer.getString("triage.explanation.disposition"));
        assertEquals("negated", answer.getString("triage.explanation.dismissed[0].context"));
        // as stored: the same answer again, and the medications kept on the call
        JsonPath again = given().header("Authorization", bearer("agent")).get("/api/v1/intakes/" + id)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("administrative"), again.getList("triage.protocols"));
        assertEquals("apixaban 5 mg\nmetformin", encounter(id).getString("medications"));
    }

    @Test
    void badMedicationListsAreRefusedAndNothingIsStored() {
        String mrn = "MRN-" + UUID.randomUUID();
        for (String meds : List.of("[\"\"]", "[null]", "[" + "\"x\",".repeat(30) + "\"x\"]", "[\"" + "x".repeat(201) + "\"]")) {
            given().header("Authorization", bearer("agent")).contentType(ContentType.JSON)
                    .body("{\"patient\": {\"identifier\": \"" + mrn + "\"}, \"reason\": \"refill\", \"medications\": " + meds + "}")
                    .post("/api/v1/intakes").then().statusCode(400)
                    .body("resourceType", org.hamcrest.Matchers.equalTo("OperationOutcome"));
        }
        assertEquals(0L, pool.preparedQuery("SELECT count(*) FROM patient WHERE identifier = $1").execute(Tuple.of(mrn))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0));
    }

    @Test
    void theAnswerCarriesTheDecisionStoredOnceOnTheEncounter() {
        String mrn = "MRN-" + UUID.randomUUID();
        submit(call(mrn, "First Name", "prescription refill"));
        JsonPath answer = submit(call(mrn, "Second Name", "prescription refill"));
        String id = answer.getString("encounterId");
        assertEquals("triaged", answer.getString("status"));
        assertEquals("routine", answer.getString("triage.level"));
        assertEquals(TriageStub.PROTOCOL, answer.getString("triage.protocolVersion"));
        assertEquals(id, answer.getString("triage.clearance.encounterId"));
        Instant windowEnd = Instant.parse(answer.getString("triage.clearance.windowEnd"));

        // The request was built from the call as stored: the Patient record keeps its first name (an agent's call
        // does not overwrite it), the name the caller gave is on the call and the answer flags the difference.
        List<TriageOperation.Request> requests = triage.received(id);
        assertEquals(1, requests.size());
        TriageOperation.Request request = requests.get(0);
        Row row = encounter(id);
        assertEquals(row.getUUID("patient_id").toString(), request.patient().getIdElement().getIdPart());
        assertEquals("First Name", request.patient().getNameFirstRep().getText());
        assertEquals("Second Name", row.getString("stated_name"));
        assertEquals(List.of("name"), answer.getList("patientDetailsDiffer"));
        assertEquals(LocalDate.of(1950, 2, 3),
                LocalDate.ofInstant(request.patient().getBirthDate().toInstant(), ZoneOffset.UTC));
        assertEquals("prescription refill", request.encounter().getReasonCodeFirstRep().getText());
        assertEquals("Patient/" + row.getUUID("patient_id"), request.encounter().getSubject().getReference());
        assertEquals("Needs a refill, feels well.", request.narrative());
        assertEquals(Integer.valueOf(128), VitalSigns.fromObservations(request.observations()).systolic());
        assertEquals(Integer.valueOf(70), VitalSigns.fromObservations(request.observations()).heartRate());

        // Stored: the decision, one version bump, one audit record per step.
        assertEquals("done", row.getString("triage_state"));
        assertEquals("triaged", row.getString("status"));
        assertEquals("routine", row.getString("level"));
        assertEquals(answer.getString("triage.clearance.id"), row.getString("clearance").replaceAll(
                "(?s).*\"id\":\"([^\"]+)\".*", "$1"));
        assertNotNull(row.getLocalDateTime("triaged_at"));
        assertEquals(1, row.getInteger("version"));
        assertEquals(1, audits(id, "intake.create"));
        assertEquals(1, audits(id, "intake.triaged"));

        given().header("Authorization", bearer("agent")).get("/api/v1/intakes/" + id).then().statusCode(200)
                .body("status", equalTo("triaged")).body("triage.level", equalTo("routine"))
                .body("triage.clearance.windowEnd", equalTo(windowEnd.toString()));
        given().header("Authorization", bearer("ehr")).get("/fhir/Encounter/" + id).then().statusCode(200)
                .body("status", equalTo("triaged")).body("meta.versionId", equalTo("2"));
    }

    @Test
    void aFailedTriageLeavesTheCallUntriagedUntilTheRetryJobTriagesIt() throws InterruptedException {
        String reason = "stub failure " + UUID.randomUUID();
        triage.failing.add(reason);
        JsonPath answer = submit(call("MRN-" + UUID.randomUUID(), "Retry Person", reason));
        String id = answer.getString("encounterId");
        assertEquals("untriaged", answer.getString("status"));
        Row row = encounter(id);
        assertEquals("pending", row.getString("triage_state"));
        assertEquals(0, row.getInteger("version"));
        assertEquals(0, audits(id, "intake.triaged"));

        triage.failing.remove(reason);
        pool.preparedQuery("UPDATE encounter SET next_triage_at = now() WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(5));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"done".equals(encounter(id).getString("triage_state")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        row = encounter(id);
        assertEquals("done", row.getString("triage_state"));
        assertEquals(1, row.getInteger("version"));
        assertEquals(1, audits(id, "intake.triaged"));
        given().header("Authorization", bearer("agent")).get("/api/v1/intakes/" + id).then().statusCode(200)
                .body("status", equalTo("triaged"))
                .body("triage.agentInstructions", containsString("routine"));
    }
}
