package health.safeline.escalation;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.shared.api.RedFlag;
import health.safeline.shared.api.TriageLevel;
import health.safeline.shared.fhir.EscalationMessages;
import health.safeline.shared.fhir.EscalationMessages.Alert;
import health.safeline.shared.fhir.EscalationMessages.ClinicianClearance;
import health.safeline.shared.fhir.FhirContextProducer;
import health.safeline.shared.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Communication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Escalation's API against real PostgreSQL with real signed tokens; triage is unreachable in this profile. */
@QuarkusTest
class EscalationResourceTest {

    static final String FHIR = "application/fhir+json";
    static final List<RedFlag> FLAGS = List.of(new RedFlag("suspected-dvt", "Suspected deep vein thrombosis",
            List.of("calf is swollen", "pain in the calf")));

    @Inject
    Pool pool;

    static String encode(Communication c) {
        return FhirContextProducer.context().newJsonParser().encodeResourceToString(c);
    }

    static String alert(String id, String encounterId, TriageLevel level) {
        return encode(EscalationMessages.toCommunication(new Alert(id, encounterId, UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), level, FLAGS, "leg pain", "Pain and swelling in the right calf.")));
    }

    static Response deliver(String body) {
        return given().header("Authorization", bearer("service")).contentType(FHIR).body(body)
                .post("/fhir/Communication");
    }

    /** Delivers a new alert for {@code encounterId} and answers the escalation id. */
    static String escalate(String encounterId, TriageLevel level) {
        String id = UUID.randomUUID().toString();
        deliver(alert(id, encounterId, level)).then().statusCode(201);
        return id;
    }

    static Response ack(String id, String role) {
        return given().header("Authorization", bearer(role)).post("/api/v1/escalations/" + id + "/ack");
    }

    static Response resolve(String id, String body) {
        return given().header("Authorization", bearer("clinician")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/escalations/" + id + "/resolve");
    }

    long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong(0);
    }

    @Test
    void receiptCreatesAnEscalationOnTheWorklistAndDuplicatesCreateNothing() {
        String encounter = UUID.randomUUID().toString();
        String id = UUID.randomUUID().toString();
        String body = alert(id, encounter, TriageLevel.URGENT);

        deliver(body).then().statusCode(201).contentType(FHIR)
                .header("Location", containsString("/fhir/Communication/" + id))
                .body("resourceType", equalTo("Communication"))
                .body("identifier[0].value", equalTo(id));

        given().header("Authorization", bearer("clinician")).queryParam("encounterId", encounter)
                .get("/api/v1/escalations")
                .then().statusCode(200).body("", hasSize(1))
                .body("[0].id", equalTo(id))
                .body("[0].encounterId", equalTo(encounter))
                .body("[0].level", equalTo("urgent"))
                .body("[0].priority", equalTo("asap"))
                .body("[0].status", equalTo("triggered"))
                .body("[0].tier", equalTo(1))
                .body("[0].tierName", equalTo("on-call-clinician"))
                .body("[0].ackDeadline", notNullValue())
                .body("[0].redFlags[0].id", equalTo("suspected-dvt"))
                .body("[0].redFlags[0].evidence", containsInAnyOrder("calf is swollen", "pain in the calf"))
                .body("[0].reason", equalTo("leg pain"));

        deliver(body).then().statusCode(200).body("identifier[0].value", equalTo(id));
        assertEquals(1, count("SELECT count(*) FROM escalation WHERE encounter_id = $1", encounter));
        assertEquals(2, count("SELECT count(*) FROM audit_event WHERE entity_id = $1 AND action = 'escalation.receive'",
                id));

        given().header("Authorization", bearer("ehr")).get("/fhir/Communication/" + id)
                .then().statusCode(200).contentType(FHIR)
                .body("resourceType", equalTo("Communication"))
                .body("id", equalTo(id))
                .body("encounter.reference", equalTo("Encounter/" + encounter));
    }

    @Test
    void plainJsonIsAcceptedToo() {
        String id = UUID.randomUUID().toString();
        given().header("Authorization", bearer("service")).contentType(ContentType.JSON)
                .body(alert(id, UUID.randomUUID().toString(), TriageLevel.EMERGENCY))
                .post("/fhir/Communication")
                .then().statusCode(201).contentType(FHIR).body("identifier[0].value", equalTo(id));
        given().header("Authorization", bearer("clinician")).get("/api/v1/escalations/" + id)
                .then().statusCode(200).body("priority", equalTo("stat")).body("level", equalTo("emergency"));
    }

    @Test
    void concurrentDeliveriesOfOneAlertCreateOneEscalation() throws Exception {
        String encounter = UUID.randomUUID().toString();
        String body = alert(UUID.randomUUID().toString(), encounter, TriageLevel.URGENT);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(() -> deliver(body).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(5, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        } finally {
            pool.shutdown();
        }
        assertEquals(1, count("SELECT count(*) FROM escalation WHERE encounter_id = $1", encounter));
    }

    @Test
    void aCommunicationThatIsNotAnAlertIs422AndStoresNothing() {
        String encounter = UUID.randomUUID().toString();
        String clearance = encode(EscalationMessages.toCommunication(new ClinicianClearance(
                UUID.randomUUID().toString(), UUID.randomUUID().toString(), encounter, UUID.randomUUID().toString(),
                "dr", 24)));
        deliver(clearance).then().statusCode(422)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].details.coding[0].code", equalTo("not-an-alert"));
        assertEquals(0, count("SELECT count(*) FROM escalation WHERE encounter_id = $1", encounter));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{not json",
        "",
        "{\"resourceType\": \"Patient\"}",
        "{\"resourceType\": \"Communication\", \"status\": \"completed\", \"bogus\": 1}",
        "{\"resourceType\": \"Communication\", \"status\": 42}",
        "{\"resourceType\": \"Communication\", \"status\": \"completed\", \"sent\": \"yesterday\"}"
    })
    void malformedOrUnknownContentIs400AndStoresNothing(String body) {
        long before = count("SELECT count(*) FROM escalation");
        deliver(body).then().statusCode(400).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", not(containsString("Exception")));
        assertEquals(before, count("SELECT count(*) FROM escalation"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "forged", "expired", "wrongIssuer"})
    void badTokensAre401(String kind) {
        String encounter = UUID.randomUUID().toString();
        var request = given().contentType(FHIR).body(alert(UUID.randomUUID().toString(), encounter,
                TriageLevel.EMERGENCY));
        switch (kind) {
            case "forged" -> request.header("Authorization", "Bearer " + TestTokens.forged("service"));
            case "expired" -> request.header("Authorization", "Bearer " + TestTokens.expired("service"));
            case "wrongIssuer" -> request.header("Authorization", "Bearer " + TestTokens.wrongIssuer("service"));
            default -> { }
        }
        request.post("/fhir/Communication").then().statusCode(401).body("resourceType", equalTo("OperationOutcome"));
        given().header("Authorization", "Bearer " + TestTokens.forged("clinician")).get("/api/v1/escalations")
                .then().statusCode(401);
        assertEquals(0, count("SELECT count(*) FROM escalation WHERE encounter_id = $1", encounter));
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent", "clinician", "ehr"})
    void onlyServicesDeliverAlerts(String role) {
        String encounter = UUID.randomUUID().toString();
        given().header("Authorization", bearer(role)).contentType(FHIR)
                .body(alert(UUID.randomUUID().toString(), encounter, TriageLevel.URGENT))
                .post("/fhir/Communication")
                .then().statusCode(403).body("issue[0].code", equalTo("forbidden"));
        assertEquals(0, count("SELECT count(*) FROM escalation WHERE encounter_id = $1", encounter));
    }

    @Test
    void agentsCannotAckOrResolveAndEhrsCannotList() {
        String id = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        ack(id, "agent").then().statusCode(403);
        given().header("Authorization", bearer("agent")).contentType(ContentType.JSON)
                .body("{\"outcome\": \"callback-completed\"}").post("/api/v1/escalations/" + id + "/resolve")
                .then().statusCode(403);
        given().header("Authorization", bearer("supervisor")).contentType(ContentType.JSON)
                .body("{\"outcome\": \"callback-completed\"}").post("/api/v1/escalations/" + id + "/resolve")
                .then().statusCode(403);
        given().header("Authorization", bearer("ehr")).get("/api/v1/escalations").then().statusCode(403);
        given().header("Authorization", bearer("agent")).get("/api/v1/escalations/" + id).then().statusCode(403);
        given().header("Authorization", bearer("clinician")).get("/api/v1/escalations/" + id)
                .then().statusCode(200).body("status", equalTo("triggered"));
    }

    @Test
    void listFiltersByStatusAndEncounterAndPutsStatFirst() {
        String encounter = UUID.randomUUID().toString();
        String urgent = escalate(encounter, TriageLevel.URGENT);
        String acknowledged = escalate(encounter, TriageLevel.URGENT);
        String emergency = escalate(encounter, TriageLevel.EMERGENCY);
        escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        ack(acknowledged, "supervisor").then().statusCode(200).body("status", equalTo("acknowledged"));

        given().header("Authorization", bearer("clinician")).queryParam("encounterId", encounter)
                .queryParam("status", "open").get("/api/v1/escalations")
                .then().statusCode(200).body("", hasSize(3))
                .body("[0].id", equalTo(emergency)).body("[0].priority", equalTo("stat"))
                .body("[1].id", equalTo(urgent)).body("[2].id", equalTo(acknowledged));
        given().header("Authorization", bearer("supervisor")).queryParam("encounterId", encounter)
                .queryParam("status", "acknowledged").get("/api/v1/escalations")
                .then().statusCode(200).body("", hasSize(1)).body("[0].id", equalTo(acknowledged));
        given().header("Authorization", bearer("clinician")).queryParam("encounterId", encounter)
                .queryParam("status", "triggered").get("/api/v1/escalations")
                .then().statusCode(200).body("id", containsInAnyOrder(emergency, urgent));
        given().header("Authorization", bearer("clinician")).queryParam("encounterId", encounter)
                .queryParam("status", "resolved").get("/api/v1/escalations")
                .then().statusCode(200).body("", hasSize(0));
        given().header("Authorization", bearer("clinician")).queryParam("encounterId", encounter)
                .queryParam("limit", "1").get("/api/v1/escalations")
                .then().statusCode(200).body("", hasSize(1));
        given().header("Authorization", bearer("clinician")).queryParam("status", "closed")
                .get("/api/v1/escalations")
                .then().statusCode(400).body("issue[0].details.coding[0].code", equalTo("invalid-status"));
        given().header("Authorization", bearer("clinician")).queryParam("limit", "lots")
                .get("/api/v1/escalations").then().statusCode(400);
    }

    @Test
    void ackThenResolveWithCallbackCompleted() {
        String id = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        ack(id, "clinician").then().statusCode(200).body("status", equalTo("acknowledged"));
        ack(id, "clinician").then().statusCode(200).body("status", equalTo("acknowledged"));
        resolve(id, "{\"outcome\": \"callback-completed\", \"note\": \"Called back, advised rest.\"}")
                .then().statusCode(200).body("status", equalTo("resolved"))
                .body("outcome", equalTo("callback-completed"));
        ack(id, "clinician").then().statusCode(409)
                .body("issue[0].details.coding[0].code", equalTo("already-resolved"));
        resolve(id, "{\"outcome\": \"sent-to-ed\"}").then().statusCode(409)
                .body("issue[0].details.coding[0].code", equalTo("already-resolved"));
        assertEquals(1, count("SELECT count(*) FROM audit_event WHERE entity_id = $1 AND action = "
                + "'escalation.acknowledge' AND outcome = 'success'", id));
        assertEquals(1, count("SELECT count(*) FROM audit_event WHERE entity_id = $1 AND action = "
                + "'escalation.resolve' AND outcome = 'success' AND code = 'callback-completed'", id));
        assertEquals(0, count("SELECT count(*) FROM outbox_message WHERE payload LIKE $1", "%" + id + "%"));
    }

    @Test
    void resolveBeforeAckIs409NotAcknowledged() {
        String id = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        resolve(id, "{\"outcome\": \"advised-911\"}").then().statusCode(409)
                .body("issue[0].details.coding[0].code", equalTo("not-acknowledged"));
        given().header("Authorization", bearer("clinician")).get("/api/v1/escalations/" + id)
                .then().statusCode(200).body("status", equalTo("triggered"));
        assertEquals(1, count("SELECT count(*) FROM audit_event WHERE entity_id = $1 AND outcome = 'refused' "
                + "AND code = 'not-acknowledged'", id));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"outcome\": \"clear-for-booking\"}",
        "{\"outcome\": \"clear-for-booking\", \"bookingWindowHours\": 0}",
        "{\"outcome\": \"clear-for-booking\", \"bookingWindowHours\": 721}",
        "{\"outcome\": \"clear-for-booking\", \"bookingWindowHours\": \"soon\"}",
        "{\"outcome\": \"went-home\"}",
        "{\"outcome\": \"sent-to-ed\", \"extra\": true}",
        "{not json"
    })
    void badResolutionsAre400AndChangeNothing(String body) {
        String id = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        ack(id, "clinician").then().statusCode(200);
        resolve(id, body).then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
        given().header("Authorization", bearer("clinician")).get("/api/v1/escalations/" + id)
                .then().statusCode(200).body("status", equalTo("acknowledged"));
        assertEquals(0, count("SELECT count(*) FROM outbox_message WHERE payload LIKE $1", "%" + id + "%"));
    }

    @Test
    void clearForBookingResolvesAndQueuesAClearanceForTriage() {
        String id = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        ack(id, "clinician").then().statusCode(200);
        resolve(id, "{\"outcome\": \"clear-for-booking\", \"note\": \"Seen by phone\", \"bookingWindowHours\": 24}")
                .then().statusCode(200).body("status", equalTo("resolved"))
                .body("outcome", equalTo("clear-for-booking"));
        assertEquals(1, count("SELECT count(*) FROM outbox_message WHERE destination = 'triage' "
                + "AND resource_type = 'Communication' AND payload LIKE $1", "%Communication/" + id + "%"));
        assertEquals(24, count("SELECT booking_window_hours FROM escalation WHERE id = $1", UUID.fromString(id)));
    }

    @Test
    void aMissedStatDeadlineEscalatesToTheNextTier() throws InterruptedException {
        String id = escalate(UUID.randomUUID().toString(), TriageLevel.EMERGENCY);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int tier = 1;
        while (tier < 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            tier = given().header("Authorization", bearer("supervisor")).get("/api/v1/escalations/" + id)
                    .then().statusCode(200).extract().path("tier");
        }
        assertTrue(tier >= 2, "still at tier " + tier);
        assertTrue(count("SELECT breaches FROM escalation WHERE id = $1", UUID.fromString(id)) >= 1);
        assertTrue(count("SELECT count(*) FROM audit_event WHERE entity_id = $1 "
                + "AND action = 'escalation.deadline-breached'", id) >= 1);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("safeline_escalation_deadline_breaches_total"));
    }

    @Test
    void unknownAndMalformedIds() {
        given().header("Authorization", bearer("clinician")).get("/api/v1/escalations/not-an-id")
                .then().statusCode(400).body("issue[0].details.coding[0].code", equalTo("invalid-id"));
        given().header("Authorization", bearer("clinician")).get("/api/v1/escalations/" + UUID.randomUUID())
                .then().statusCode(404).body("resourceType", equalTo("OperationOutcome"));
        ack(UUID.randomUUID().toString(), "clinician").then().statusCode(404);
        given().header("Authorization", bearer("ehr")).get("/fhir/Communication/" + UUID.randomUUID())
                .then().statusCode(404).body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void capabilityStatementListsExactlyCommunicationReadAndCreate() {
        given().get("/fhir/metadata").then().statusCode(200)
                .body("resourceType", equalTo("CapabilityStatement"))
                .body("rest[0].resource", hasSize(1))
                .body("rest[0].resource[0].type", equalTo("Communication"))
                .body("rest[0].resource[0].interaction.code", containsInAnyOrder("read", "create"));
    }
}
