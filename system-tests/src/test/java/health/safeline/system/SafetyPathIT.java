package health.safeline.system;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.system.Suite.Service;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The safety path end to end: the four packaged services as real processes, real HTTP, real
 * PostgreSQL, real signed tokens.
 */
@TestMethodOrder(OrderAnnotation.class)
class SafetyPathIT {

    static final Suite SUITE = new Suite();

    @BeforeAll
    static void start() throws Exception {
        SUITE.startAll();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        SUITE.stopAll();
    }

    static JsonPath intake(String reason, String narrative) {
        return intake(Service.INTAKE.url(), reason, narrative);
    }

    /** A call about a new patient to the intake-service at {@code baseUrl}; answers the 201's body. */
    static JsonPath intake(String baseUrl, String reason, String narrative) {
        String body = """
                {"patient": {"identifier": "MRN-%s", "name": "System Test", "birthDate": "1949-06-01", "sex": "female"},
                 "reason": "%s", "narrative": "%s"}""".formatted(UUID.randomUUID(), reason, narrative);
        return given().baseUri(baseUrl).header("Authorization", bearer("agent"))
                .contentType(ContentType.JSON).body(body).post("/api/v1/intakes")
                .then().statusCode(201).extract().jsonPath();
    }

    /**
     * The answer once triaged: {@code answer} itself, or, when triage did not answer in time (a cold or busy
     * machine) and intake kept the call untriaged, the stored call once intake's retry has triaged it.
     */
    static JsonPath triaged(String baseUrl, JsonPath answer) throws InterruptedException {
        if (answer.getString("triage.level") != null) {
            return answer;
        }
        String encounterId = answer.getString("encounterId");
        return eventually(() -> {
            JsonPath stored = given().baseUri(baseUrl).header("Authorization", bearer("agent"))
                    .get("/api/v1/intakes/" + encounterId).then().statusCode(200).extract().jsonPath();
            return stored.getString("triage.level") != null ? stored : null;
        }, "call " + encounterId + " triaged by intake's retry", Duration.ofSeconds(60));
    }

    static Response book(String encounterId, String start) {
        return book(Service.SCHEDULING.url(), encounterId, start);
    }

    static Response book(String baseUrl, String encounterId, String start) {
        return given().baseUri(baseUrl).header("Authorization", bearer("agent"))
                .contentType(ContentType.JSON).body(Map.of("encounterId", encounterId, "start", start))
                .post("/api/v1/appointments");
    }

    static String firstFreeSlot() {
        List<String> starts = given().baseUri(Service.SCHEDULING.url()).header("Authorization", bearer("agent"))
                .queryParam("limit", 1).get("/api/v1/slots").then().statusCode(200).extract().jsonPath()
                .getList("start");
        assertFalse(starts.isEmpty(), "the dev schedules always have a free slot");
        return starts.get(0);
    }

    static List<Map<String, Object>> worklist(String encounterId) {
        return given().baseUri(Service.ESCALATION.url()).header("Authorization", bearer("clinician"))
                .queryParam("encounterId", encounterId).get("/api/v1/escalations")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    static <T> T eventually(Supplier<T> probe, String what) throws InterruptedException {
        return eventually(probe, what, Duration.ofSeconds(20));
    }

    static <T> T eventually(Supplier<T> probe, String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Timed out waiting for " + what);
    }

    /** The four calls of the report that were booked as routine, and must not be. */
    @ParameterizedTest(name = "{0}")
    @Order(1)
    @CsvSource(delimiter = '|', value = {
        "suspected blood clot | Caller thinks she has a blood clot. Pain and swelling in her right leg since yesterday.",
        "stomach pain | Stomach pain since last night and he saw blood in his stool.",
        "blood pressure spike | Sudden spike in her blood pressure today, home monitor shows 200/120.",
        "rib pain | Acute pain in his ribs that started this morning."
    })
    void seedRedFlagCallsAreEscalatedAndCannotBeBooked(String reason, String narrative) throws Exception {
        JsonPath answer = triaged(Service.INTAKE.url(), intake(reason, narrative));
        String encounterId = answer.getString("encounterId");
        assertEquals("triaged", answer.getString("status"));
        assertTrue(List.of("urgent", "emergency").contains(answer.getString("triage.level")), answer.prettify());
        assertFalse(answer.getList("triage.redFlags").isEmpty());
        assertTrue(answer.getString("triage.agentInstructions").contains("Do not book")
                || answer.getString("triage.agentInstructions").contains("911"));
        String escalationId = answer.getString("triage.escalationId");
        assertNotNull(escalationId);

        Map<String, Object> item = eventually(() -> worklist(encounterId).stream().findFirst().orElse(null),
                "the escalation on the clinician worklist");
        assertEquals(escalationId, item.get("id"));
        assertEquals("triggered", item.get("status"));

        book(encounterId, firstFreeSlot()).then().statusCode(409)
                .body("issue[0].code", equalTo("business-rule"))
                .body("issue[0].details.coding[0].code", equalTo("triage-clearance-required"));
    }

    @Test
    @Order(2)
    void routineCallIsBooked() throws Exception {
        JsonPath answer = triaged(Service.INTAKE.url(), intake("prescription refill", "Needs a refill of her metformin, feels fine."));
        assertEquals("routine", answer.getString("triage.level"));
        assertNotNull(answer.getString("triage.clearance.windowEnd"));
        String encounterId = answer.getString("encounterId");
        String appointmentId = book(encounterId, firstFreeSlot()).then().statusCode(201)
                .body("encounterId", equalTo(encounterId)).extract().path("appointmentId");
        given().baseUri(Service.SCHEDULING.url()).header("Authorization", bearer("ehr"))
                .get("/fhir/Appointment/" + appointmentId).then().statusCode(200)
                .body("supportingInformation[0].reference", equalTo("Encounter/" + encounterId));
    }

    @Test
    @Order(3)
    void clinicianClearanceMakesAnEscalatedCallBookableAndEveryStepIsAudited() throws Exception {
        JsonPath answer = triaged(Service.INTAKE.url(), intake("rib pain", "Acute pain in his ribs that started this morning."));
        String encounterId = answer.getString("encounterId");
        String escalationId = answer.getString("triage.escalationId");
        eventually(() -> worklist(encounterId).stream().findFirst().orElse(null), "the escalation");
        assertEquals(409, book(encounterId, firstFreeSlot()).statusCode(), "refused before a clinician clears it");

        given().baseUri(Service.ESCALATION.url()).header("Authorization", bearer("clinician"))
                .post("/api/v1/escalations/" + escalationId + "/ack").then().statusCode(200)
                .body("status", equalTo("acknowledged"));
        given().baseUri(Service.ESCALATION.url()).header("Authorization", bearer("clinician"))
                .contentType(ContentType.JSON)
                .body(Map.of("outcome", "clear-for-booking", "note", "Bruised after a fall, no red flags on callback",
                        "bookingWindowHours", 24))
                .post("/api/v1/escalations/" + escalationId + "/resolve").then().statusCode(200)
                .body("status", equalTo("resolved"));

        String slot = firstFreeSlot();
        Response booked = eventually(() -> {
            Response r = book(encounterId, slot);
            return r.statusCode() == 201 ? r : null;
        }, "the clinician clearance to reach triage");
        assertEquals(encounterId, booked.jsonPath().getString("encounterId"));

        // Each decision is an AuditEvent the auditor reads over FHIR: who, what, when, outcome, source service.
        assertAudited(Service.INTAKE, encounterId, "intake.create", "test-agent", "0");
        assertAudited(Service.TRIAGE, encounterId, "triage.assess", "intake-service", "0");
        assertAudited(Service.SCHEDULING, encounterId, "appointment.book", "test-agent", "4");
        assertAudited(Service.ESCALATION, escalationId, "escalation.acknowledge", "test-clinician", "0");
        assertAudited(Service.ESCALATION, escalationId, "escalation.resolve", "test-clinician", "0");
        assertAudited(Service.TRIAGE, encounterId, "clearance.clinician", "test-clinician", "0");
        String bookedEvent = assertAudited(Service.SCHEDULING, encounterId, "appointment.book", "test-agent", "0");

        // ...and no API changes or deletes it.
        for (Service s : Service.values()) {
            for (String method : List.of("PUT", "DELETE", "POST", "PATCH")) {
                given().baseUri(s.url()).header("Authorization", bearer("auditor")).contentType("application/fhir+json")
                        .body("{\"resourceType\": \"AuditEvent\"}")
                        .request(method, "/fhir/AuditEvent" + ("POST".equals(method) ? "" : "/" + bookedEvent))
                        .then().statusCode(405).body("resourceType", equalTo("OperationOutcome"));
            }
        }
        given().baseUri(Service.SCHEDULING.url()).header("Authorization", bearer("auditor"))
                .get("/fhir/AuditEvent/" + bookedEvent).then().statusCode(200).body("outcome", equalTo("0"))
                .body("meta.versionId", equalTo("1"));
    }

    /** The id of the event {@code action} about {@code entity} by {@code actor} with {@code outcome} in {@code s}'s trail. */
    static String assertAudited(Service s, String entity, String action, String actor, String outcome) {
        JsonPath trail = given().baseUri(s.url()).header("Authorization", bearer("auditor"))
                .queryParam("entity", entity).get("/fhir/AuditEvent").then().statusCode(200).extract().jsonPath();
        int n = trail.getList("entry").size();
        for (int i = 0; i < n; i++) {
            String e = "entry[" + i + "].resource.";
            if (action.equals(trail.getString(e + "subtype[0].code")) && outcome.equals(trail.getString(e + "outcome"))) {
                assertEquals(actor, trail.getString(e + "agent[0].who.identifier.value"), action);
                assertEquals(s.module(), trail.getString(e + "source.observer.display"), action);
                assertNotNull(trail.getString(e + "recorded"), action);
                assertTrue(trail.getString(e + "entity[0].what.reference").endsWith("/" + entity), action);
                return trail.getString(e + "id");
            }
        }
        throw new AssertionError(s + " has no " + action + " with outcome " + outcome + " about " + entity + ": "
                + trail.prettify());
    }

    @Test
    @Order(4)
    void triageDownMeansDoNotBookUntilItIsBack() throws Exception {
        SUITE.kill(Service.TRIAGE);
        try {
            JsonPath answer = intake("prescription refill", "Needs a refill of her statin.");
            assertEquals("untriaged", answer.getString("status"));
            given().baseUri(Service.INTAKE.url()).header("Authorization", bearer("agent"))
                    .get("/api/v1/intakes/" + answer.getString("encounterId")).then()
                    .body("triage.agentInstructions", containsString("do not book, transfer the caller to the nurse line"));
            book(answer.getString("encounterId"), firstFreeSlot()).then().statusCode(503)
                    .body("issue[0].details.coding[0].code", equalTo("triage-unavailable"));

            SUITE.start(Service.TRIAGE);
            SUITE.awaitReady(Service.TRIAGE);
            String encounterId = answer.getString("encounterId");
            String level = eventually(() -> given().baseUri(Service.INTAKE.url())
                    .header("Authorization", bearer("agent")).get("/api/v1/intakes/" + encounterId)
                    .then().statusCode(200).extract().jsonPath().getString("triage.level"),
                    "the stored call to be triaged once triage is back");
            assertEquals("routine", level);
        } finally {
            SUITE.start(Service.TRIAGE);
        }
    }

    /** The outbox keeps the alert while escalation-service is down and delivers it once when it is back. */
    @Test
    @Order(5)
    void alertsWaitInTheOutboxWhileEscalationIsDown() throws Exception {
        SUITE.kill(Service.ESCALATION);
        String encounterId;
        try {
            JsonPath answer = intake("suspected blood clot", "Her left calf is swollen, red and painful since yesterday.");
            encounterId = answer.getString("encounterId");
            assertTrue(List.of("urgent", "emergency").contains(answer.getString("triage.level")), answer.prettify());
            assertNotNull(answer.getString("triage.escalationId"));
        } finally {
            SUITE.start(Service.ESCALATION);
            SUITE.awaitReady(Service.ESCALATION);
        }
        // Retries back off (2, 4, 8, 16 s...), so allow for a slow restart.
        eventually(() -> worklist(encounterId).isEmpty() ? null : true, "the stored alert to reach the worklist",
                Duration.ofSeconds(90));
        Thread.sleep(2000);
        assertEquals(1, worklist(encounterId).size(), "delivered exactly once");
    }
}
