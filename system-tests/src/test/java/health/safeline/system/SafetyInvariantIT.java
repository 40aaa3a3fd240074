package health.safeline.system;

import static health.safeline.shared.testing.TestTokens.bearer;
import static health.safeline.system.SafetyPathIT.eventually;
import static health.safeline.system.SafetyPathIT.worklist;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.system.Suite.Service;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The safety invariant against a hostile or careless client: no booking through another patient's clearance, no
 * call lost when calls for one patient arrive together, no clinician clearance without a clinician, no red flag
 * hidden by invisible characters or duplicate keys, no adult protocol for a child, no negation read past its item.
 */
class SafetyInvariantIT {

    static final Suite SUITE = new Suite();

    @BeforeAll
    static void start() throws Exception {
        SUITE.startAll();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        SUITE.stopAll();
    }

    /** A call as the agent sends it: {@code patient} and {@code vitals} are JSON objects, written as given. */
    static Response post(String body) {
        return given().baseUri(Service.INTAKE.url()).header("Authorization", bearer("agent"))
                .contentType(ContentType.JSON.withCharset(StandardCharsets.UTF_8)).body(body).post("/api/v1/intakes");
    }

    static String body(String mrn, String birthDate, String reason, String narrative, String vitals) {
        return """
                {"patient": {"identifier": "%s", "name": "Invariant Test", "birthDate": "%s", "sex": "female"},
                 "reason": "%s", "narrative": "%s"%s}""".formatted(mrn, birthDate, reason, narrative,
                vitals == null ? "" : ", \"vitals\": " + vitals);
    }

    static JsonPath call(String mrn, String birthDate, String reason, String narrative, String vitals)
            throws InterruptedException {
        JsonPath answer = post(body(mrn, birthDate, reason, narrative, vitals)).then().statusCode(201)
                .extract().jsonPath();
        return SafetyPathIT.triaged(Service.INTAKE.url(), answer);
    }

    static JsonPath call(String reason, String narrative) throws InterruptedException {
        return call("MRN-" + UUID.randomUUID(), "1946-03-02", reason, narrative, null);
    }

    static String patientOf(String encounterId) {
        String subject = given().baseUri(Service.INTAKE.url()).header("Authorization", bearer("ehr"))
                .get("/fhir/Encounter/" + encounterId).then().statusCode(200).extract().path("subject.reference");
        return subject.substring("Patient/".length());
    }

    static String appointment(String encounterId, String patientId, String start) {
        return """
                {"resourceType": "Appointment", "status": "booked", "start": "%s", "end": "%s",
                 "supportingInformation": [{"reference": "Encounter/%s"}],
                 "participant": [{"actor": {"reference": "Patient/%s"}, "status": "accepted"}]}"""
                .formatted(start, java.time.Instant.parse(start).plusSeconds(900), encounterId, patientId);
    }

    static Response bookFhir(String encounterId, String patientId, String start) {
        return given().baseUri(Service.SCHEDULING.url()).header("Authorization", bearer("agent"))
                .contentType("application/fhir+json").body(appointment(encounterId, patientId, start))
                .post("/fhir/Appointment");
    }

    @Test
    void aClearanceBooksOnlyItsOwnPatient() throws Exception {
        JsonPath cleared = call("prescription refill", "Needs a refill of her metformin, feels fine.");
        assertEquals("routine", cleared.getString("triage.level"));
        JsonPath escalated = call("suspected blood clot", "Pain and swelling in her right calf since yesterday.");
        assertEquals("urgent", escalated.getString("triage.level"), escalated.prettify());
        String clearedEncounter = cleared.getString("encounterId");
        String otherPatient = patientOf(escalated.getString("encounterId"));
        String slot = SafetyPathIT.firstFreeSlot();

        bookFhir(clearedEncounter, otherPatient, slot).then().statusCode(409)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("business-rule"))
                .body("issue[0].details.coding[0].code", equalTo("clearance-patient-mismatch"));

        String hook = """
                {"hook": "appointment-book", "hookInstance": "%s", "context": {"userId": "Practitioner/p1",
                 "patientId": "%s", "appointments": {"resourceType": "Bundle", "type": "collection",
                 "entry": [{"resource": %s}]}}}""".formatted(UUID.randomUUID(), otherPatient,
                appointment(clearedEncounter, otherPatient, slot));
        given().baseUri(Service.SCHEDULING.url()).header("Authorization", bearer("ehr")).contentType(ContentType.JSON)
                .body(hook).post("/cds-services/safeline-appointment-book").then().statusCode(200)
                .body("cards[0].indicator", equalTo("critical"))
                .body("cards[0].detail", containsString("clearance-patient-mismatch"));

        // The clearance's own patient books it.
        bookFhir(clearedEncounter, patientOf(clearedEncounter), slot).then().statusCode(201);
    }

    @Test
    void concurrentCallsForOnePatientAreAllStoredAndTriaged() throws Exception {
        String mrn = "MRN-RACE-" + UUID.randomUUID().toString().substring(0, 8);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Response>> refills = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                refills.add(pool.submit(() -> post(body(mrn, "1946-03-02", "prescription refill",
                        "Needs a refill of her statin.", null))));
            }
            for (Future<Response> f : refills) {
                Response r = f.get();
                assertEquals(201, r.statusCode(), r.asString());
            }
            for (int pair = 0; pair < 5; pair++) {
                String patient = "MRN-PAIR-" + UUID.randomUUID().toString().substring(0, 8);
                Callable<Response> chestPain = () -> post(body(patient, "1944-07-09", "chest pain",
                        "Crushing chest pain spreading to his left arm, sweating.", null));
                List<Future<Response>> calls = List.of(pool.submit(chestPain), pool.submit(chestPain));
                for (Future<Response> f : calls) {
                    Response r = f.get();
                    assertEquals(201, r.statusCode(), r.asString());
                    JsonPath answer = SafetyPathIT.triaged(Service.INTAKE.url(), r.jsonPath());
                    assertEquals("emergency", answer.getString("triage.level"), answer.prettify());
                    String encounterId = answer.getString("encounterId");
                    eventually(() -> worklist(encounterId).isEmpty() ? null : true,
                            "call " + encounterId + " on the worklist", Duration.ofSeconds(30));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Path pgLog = Suite.ROOT.resolve(".suite/logs/postgres.log");
        if (Files.exists(pgLog)) {
            assertFalse(Files.readString(pgLog, StandardCharsets.ISO_8859_1).contains(mrn),
                    "the patient identifier is in PostgreSQL's log");
        }
    }

    /** A clear-for-booking Communication as escalation-service sends it, from whoever holds a service token. */
    static String clearance(String escalationId, String encounterId, String patientId, String clinician) {
        String id = UUID.randomUUID().toString();
        return """
                {"resourceType": "Communication", "id": "%1$s",
                 "identifier": [{"system": "https://safeline.health/fhir/NamingSystem/communication", "value": "%1$s"}],
                 "status": "completed", "subject": {"reference": "Patient/%3$s"},
                 "encounter": {"reference": "Encounter/%2$s"}, "inResponseTo": [{"reference": "Communication/%4$s"}],
                 "reasonCode": [{"coding": [{"system": "%5$s", "code": "clear-for-booking"}]}],
                 "extension": [{"url": "%6$s", "valueInteger": 24}],
                 "sender": {"identifier": {"value": "%7$s"}},
                 "payload": [{"contentString": "Cleared for booking within 24 hours"}]}"""
                .formatted(id, encounterId, patientId, escalationId, CS_OUTCOME, EXT_WINDOW, clinician);
    }

    static final String CS_OUTCOME = "https://safeline.health/fhir/CodeSystem/escalation-outcome";
    static final String EXT_WINDOW = "https://safeline.health/fhir/StructureDefinition/booking-window-hours";

    static Response postClearance(String communication) {
        return given().baseUri(Service.TRIAGE.url()).header("Authorization", bearer("service"))
                .contentType("application/fhir+json").body(communication).post("/fhir/Communication");
    }

    @Test
    void aClinicianClearanceNeedsAClinicianWhoResolvedTheEscalation() throws Exception {
        JsonPath answer = call("rib pain", "Acute pain in his ribs that started this morning.");
        String encounterId = answer.getString("encounterId");
        String escalationId = answer.getString("triage.escalationId");
        String patientId = patientOf(encounterId);
        eventually(() -> worklist(encounterId).isEmpty() ? null : true, "the escalation");

        postClearance(clearance(escalationId, encounterId, patientId, "dr-nobody")).then().statusCode(409)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].details.coding[0].code", equalTo("escalation-not-cleared"));
        SafetyPathIT.book(encounterId, SafetyPathIT.firstFreeSlot()).then().statusCode(409)
                .body("issue[0].details.coding[0].code", equalTo("triage-clearance-required"));

        given().baseUri(Service.ESCALATION.url()).header("Authorization", bearer("clinician"))
                .post("/api/v1/escalations/" + escalationId + "/ack").then().statusCode(200);
        given().baseUri(Service.ESCALATION.url()).header("Authorization", bearer("clinician"))
                .contentType(ContentType.JSON).body(Map.of("outcome", "clear-for-booking", "note", "callback done",
                        "bookingWindowHours", 24))
                .post("/api/v1/escalations/" + escalationId + "/resolve").then().statusCode(200);
        // A forged one after the real resolution is audited under the clinician who resolved it, not the name sent.
        postClearance(clearance(escalationId, encounterId, patientId, "dr-forged")).then().statusCode(201);
        JsonPath trail = given().baseUri(Service.TRIAGE.url()).header("Authorization", bearer("auditor"))
                .queryParam("entity", encounterId).get("/fhir/AuditEvent").then().statusCode(200).extract().jsonPath();
        List<String> clearedBy = new ArrayList<>();
        for (int i = 0; i < trail.getList("entry").size(); i++) {
            if ("clearance.clinician".equals(trail.getString("entry[" + i + "].resource.subtype[0].code"))) {
                clearedBy.add(trail.getString("entry[" + i + "].resource.agent[0].who.identifier.value"));
            }
        }
        assertFalse(clearedBy.isEmpty(), trail.prettify());
        assertTrue(clearedBy.stream().allMatch("test-clinician"::equals), clearedBy.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "zero-width space | Stomach pain since last night and he saw blood in his st\u200bool.",
        "soft hyphen | Her right calf is sw\u00adollen and painful since yesterday.",
        "fullwidth letters | Stomach pain since last night and he saw blood in his \uff53\uff54\uff4f\uff4f\uff4c."
    })
    void invisibleCharactersDoNotHideARedFlag(String trick, String narrative) throws Exception {
        JsonPath answer = call("MRN-" + UUID.randomUUID(), "1986-03-02", "stomach pain", narrative, null);
        assertEquals("urgent", answer.getString("triage.level"), trick + ": " + answer.prettify());
        assertNull(answer.get("triage.clearance"));
    }

    @Test
    void duplicateKeysAreRefusedAndStoreNothing() throws Exception {
        long before = encounters();
        String redThenBenign = body("MRN-" + UUID.randomUUID(), "1946-03-02", "stomach pain",
                "He saw blood in his stool.", null).replace("\"narrative\"", "\"narrative\": \"Feels fine.\", \"narrative\"");
        post(redThenBenign).then().statusCode(400).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("narrative"));
        post(body("MRN-" + UUID.randomUUID(), "1946-03-02", "short of breath", "Breathless.",
                "{\"spo2\": 84, \"spo2\": 98}")).then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("spo2"));
        given().baseUri(Service.SCHEDULING.url()).header("Authorization", bearer("agent")).contentType(ContentType.JSON)
                .body("{\"encounterId\": \"" + UUID.randomUUID() + "\", \"encounterId\": \"" + UUID.randomUUID()
                        + "\", \"start\": \"2030-01-01T09:00:00Z\"}")
                .post("/api/v1/appointments").then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
        assertEquals(before, encounters());
    }

    static long encounters() throws Exception {
        try (var c = SUITE.jdbc(Service.INTAKE); var q = c.createStatement();
                var rs = q.executeQuery("SELECT count(*) FROM encounter")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest(name = "age {0}")
    @CsvSource(delimiter = '|', value = {
        "0 | fever | Baby has a fever of 38.5 since this morning.",
        "9 | prescription refill | Needs a refill of his inhaler, feels fine.",
        "17 | sore throat | Sore throat for two days."
    })
    void childrenAreOutsideTheAdultProtocolAndGoToAClinician(int age, String reason, String narrative)
            throws Exception {
        String birthDate = LocalDate.now(java.time.ZoneOffset.UTC).minusYears(age).toString();
        JsonPath answer = call("MRN-" + UUID.randomUUID(), birthDate, reason, narrative, null);
        assertEquals("urgent", answer.getString("triage.level"), answer.prettify());
        assertTrue(answer.getList("triage.redFlags.id").contains("outside-protocol-scope"), answer.prettify());
        assertNull(answer.get("triage.clearance"));
        assertNotNull(answer.getString("triage.escalationId"));
        SafetyPathIT.book(answer.getString("encounterId"), SafetyPathIT.firstFreeSlot()).then().statusCode(409);
    }

    @ParameterizedTest(name = "{1} {2}")
    @CsvSource(delimiter = '|', value = {
        "drowsy | Very drowsy after his pain pills. | {\"respiratoryRate\": 6}",
        "drowsy | Sleepy since this afternoon. | {\"respiratoryRate\": 9}",
        "breathing | Husband says she is barely breathing and hard to wake. |",
        "dizzy | Dizzy and lightheaded when she stands. | {\"systolic\": 104, \"diastolic\": 36}"
    })
    void slowBreathingAndVeryLowDiastolicAreEmergencies(String reason, String narrative, String vitals)
            throws Exception {
        JsonPath answer = call("MRN-" + UUID.randomUUID(), "1946-03-02", reason, narrative, vitals);
        assertEquals("emergency", answer.getString("triage.level"), answer.prettify());
    }

    @Test
    void aNegationEndsAtTheListedItem() throws Exception {
        JsonPath answer = call("leg pain", "No injury, pain and swelling in her right calf since yesterday.");
        assertEquals("urgent", answer.getString("triage.level"), answer.prettify());
        assertTrue(answer.getList("triage.redFlags.id").contains("suspected-dvt"), answer.prettify());
    }

    @Test
    void anAgentsCallDoesNotOverwriteThePatientRecord() throws Exception {
        String mrn = "MRN-" + UUID.randomUUID();
        JsonPath first = call(mrn, "1946-03-02", "prescription refill", "Needs a refill of her statin.", null);
        String patientId = patientOf(first.getString("encounterId"));
        JsonPath second = post(body(mrn, "1950-01-01", "prescription refill", "Needs a refill of her statin.", null)
                .replace("Invariant Test", "Someone Else")).then().statusCode(201).extract().jsonPath();
        assertEquals(List.of("name", "birthDate"), second.getList("patientDetailsDiffer"), second.prettify());
        given().baseUri(Service.INTAKE.url()).header("Authorization", bearer("ehr")).get("/fhir/Patient/" + patientId)
                .then().statusCode(200).body("name[0].text", equalTo("Invariant Test"))
                .body("birthDate", equalTo("1946-03-02"));
    }
}
