package health.safeline.triage;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.api.TriageLevel;
import health.safeline.api.Vitals;
import health.safeline.shared.fhir.EscalationMessages;
import health.safeline.shared.fhir.EscalationMessages.ClinicianClearance;
import health.safeline.shared.fhir.FhirContextProducer;
import health.safeline.shared.fhir.TriageOperation;
import health.safeline.shared.fhir.VitalSigns;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** triage-service's API against real PostgreSQL; escalation-service is unreachable here. */
@QuarkusTest
class TriageResourceTest {

    static final String FHIR = "application/fhir+json";

    @Inject
    Pool pool;

    static String request(UUID encounterId, String reason, String narrative, Vitals vitals) {
        return request(encounterId, reason, narrative, vitals, List.of());
    }

    static String request(UUID encounterId, String reason, String narrative, Vitals vitals, List<String> medications) {
        String patientId = UUID.randomUUID().toString();
        Patient patient = new Patient();
        patient.setId(patientId);
        patient.setBirthDate(Date.from(Instant.parse("1950-01-01T00:00:00Z")));
        Encounter encounter = new Encounter();
        encounter.setId(encounterId.toString());
        encounter.setSubject(new Reference("Patient/" + patientId));
        encounter.addReasonCode(new CodeableConcept().setText(reason));
        var observations = VitalSigns.toObservations(vitals, new Reference("Patient/" + patientId),
                new Reference("Encounter/" + encounterId), new Date());
        return encode(TriageOperation.toParameters(
                new TriageOperation.Request(encounter, patient, observations, narrative, medications)));
    }

    static String encode(IBaseResource resource) {
        return FhirContextProducer.context().newJsonParser().encodeResourceToString(resource);
    }

    JsonPath triage(String body) {
        return given().urlEncodingEnabled(false).header("Authorization", bearer("service")).contentType(FHIR).body(body)
                .post("/fhir/Encounter/$triage")
                .then().statusCode(200).contentType(FHIR).extract().jsonPath();
    }

    static String param(JsonPath answer, String name) {
        java.util.List<java.util.Map<String, Object>> parameters = answer.getList("parameter");
        return parameters.stream().filter(p -> name.equals(p.get("name"))).findFirst()
                .map(p -> p.getOrDefault("valueCode", p.getOrDefault("valueString", p.get("valueId"))))
                .map(Object::toString).orElse(null);
    }

    Row outbox(String escalationId) {
        var rows = pool.preparedQuery("SELECT * FROM outbox_message WHERE payload LIKE $1")
                .execute(Tuple.of("%" + escalationId + "%")).await().atMost(Duration.ofSeconds(5));
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    @Test
    void suspectedClotIsEscalatedThroughTheOutboxAndNotCleared() {
        UUID encounter = UUID.randomUUID();
        JsonPath answer = triage(request(encounter, "suspected blood clot",
                "Caller thinks she has a blood clot. Pain and swelling in her right leg since yesterday.", null));
        assertEquals("urgent", param(answer, "level"));
        String escalation = param(answer, "escalation");
        assertTrue(answer.getString("parameter.find { it.name == 'clearance' }") == null);
        Row message = outbox(escalation);
        assertEquals("escalation", message.getString("destination"));
        assertEquals("Communication", message.getString("resource_type"));
        assertEquals("pending", message.getString("status"));
        given().header("Authorization", bearer("service")).get("/api/v1/clearances/" + encounter)
                .then().statusCode(404).body("resourceType", equalTo("OperationOutcome"));

        String assessmentId = answer.getString("parameter.find { it.name == 'assessment' }.resource.id");
        given().header("Authorization", bearer("ehr")).get("/fhir/RiskAssessment/" + assessmentId)
                .then().statusCode(200).body("resourceType", equalTo("RiskAssessment"))
                .body("encounter.reference", equalTo("Encounter/" + encounter))
                .body("method.coding[0].version", org.hamcrest.Matchers.notNullValue())
                .body("prediction.outcome.coding.code.flatten()", hasItem(containsString("dvt")));
    }

    @Test
    void repeatedRequestGetsTheStoredDecision() {
        UUID encounter = UUID.randomUUID();
        String body = request(encounter, "chest pain", "Crushing chest pain spreading to his left arm.", null);
        JsonPath first = triage(body);
        JsonPath second = triage(body);
        assertEquals("emergency", param(first, "level"));
        assertEquals(first.getString("parameter.find { it.name == 'assessment' }.resource.id"),
                second.getString("parameter.find { it.name == 'assessment' }.resource.id"));
        assertEquals(param(first, "escalation"), param(second, "escalation"));
    }

    /** A fresh answer is built from what was stored: a repeat gets the same, and so does the clearance lookup. */
    @Test
    void repeatedRequestOfAClearedCallGetsTheSameAnswer() {
        UUID encounter = UUID.randomUUID();
        String body = request(encounter, "prescription refill", "Needs a refill, feels well.", null);
        String first = triageBody(body);
        String second = triageBody(body);
        assertEquals(first, second);
        JsonPath answer = JsonPath.from(first);
        assertEquals("routine", param(answer, "level"));
        String patient = answer.getString("parameter.find { it.name == 'assessment' }.resource.subject.reference")
                .substring("Patient/".length());
        String windowEnd = answer.getString(
                "parameter.find { it.name == 'clearance' }.part.find { it.name == 'windowEnd' }.valueInstant");
        JsonPath clearance = given().header("Authorization", bearer("service")).get("/api/v1/clearances/" + encounter)
                .then().statusCode(200).body("patientId", equalTo(patient))
                .body("id", equalTo(answer.getString(
                        "parameter.find { it.name == 'clearance' }.part.find { it.name == 'id' }.valueString")))
                .extract().jsonPath();
        assertEquals(Instant.parse(windowEnd),
                Instant.parse(clearance.getString("windowEnd")).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    /** Concurrent duplicates: one assessment is stored, the losers of the unique constraint answer it. */
    @Test
    void concurrentDuplicatesGetOneStoredDecision() throws Exception {
        UUID encounter = UUID.randomUUID();
        String body = request(encounter, "prescription refill", "Needs a refill, feels well.", null);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> triageBody(body)));
            }
            String first = answers.get(0).get();
            for (var answer : answers) {
                assertEquals(first, answer.get());
            }
        } finally {
            pool.shutdown();
        }
        for (String table : List.of("assessment", "clearance")) {
            assertEquals(1, this.pool.preparedQuery("SELECT count(*) FROM " + table + " WHERE encounter_id = $1")
                    .execute(Tuple.of(encounter)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0));
        }
        assertEquals(1, this.pool.preparedQuery("SELECT count(*) FROM audit_event WHERE entity_id = $1")
                .execute(Tuple.of(encounter.toString())).await().atMost(Duration.ofSeconds(5)).iterator().next()
                .getLong(0));
    }

    String triageBody(String body) {
        return given().urlEncodingEnabled(false).header("Authorization", bearer("service")).contentType(FHIR)
                .body(body).post("/fhir/Encounter/$triage").then().statusCode(200).extract().asString();
    }

    @Test
    void routineCallIsClearedForThirtyDays() {
        UUID encounter = UUID.randomUUID();
        JsonPath answer = triage(request(encounter, "prescription refill",
                "Needs a refill of her blood pressure tablets, feels well.", new Vitals(128, 78, 70, null, null, null, null)));
        assertEquals("routine", param(answer, "level"));
        JsonPath clearance = given().header("Authorization", bearer("service"))
                .get("/api/v1/clearances/" + encounter).then().statusCode(200).extract().jsonPath();
        assertEquals("protocol", clearance.getString("source"));
        assertEquals("active", clearance.getString("status"));
        Duration window = Duration.between(Instant.parse(clearance.getString("windowStart")),
                Instant.parse(clearance.getString("windowEnd")));
        assertEquals(30, window.toDays());
    }

    /**
     * A clinician clearance needs escalation-service's word that a clinician resolved the escalation: unreachable
     * here (the whole path is in system-tests SafetyInvariantIT), so it is refused and nothing is stored.
     */
    @Test
    void clinicianClearanceIsIssuedOnlyWithEscalationServicesConfirmation() {
        UUID encounter = UUID.randomUUID();
        JsonPath answer = triage(request(encounter, "rib pain", "Acute pain in his ribs that started this morning.",
                null));
        String escalation = param(answer, "escalation");
        String patient = answer.getString("parameter.find { it.name == 'assessment' }.resource.subject.reference")
                .substring("Patient/".length());
        String clearance = encode(EscalationMessages.toCommunication(new ClinicianClearance(
                UUID.randomUUID().toString(), escalation, encounter.toString(), patient, "dr-who", 48)));

        given().header("Authorization", bearer("service")).contentType(FHIR).body(clearance)
                .post("/fhir/Communication").then().statusCode(503)
                .body("issue[0].details.coding[0].code", equalTo("escalation-unavailable"));
        given().header("Authorization", bearer("service")).get("/api/v1/clearances/" + encounter)
                .then().statusCode(404);
        long count = pool.preparedQuery("SELECT count(*) FROM clearance WHERE encounter_id = $1")
                .execute(Tuple.of(encounter)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
        assertEquals(0, count);

        String untriaged = encode(EscalationMessages.toCommunication(new ClinicianClearance(
                UUID.randomUUID().toString(), escalation, UUID.randomUUID().toString(), patient, "dr", 48)));
        given().header("Authorization", bearer("service")).contentType(FHIR).body(untriaged)
                .post("/fhir/Communication").then().statusCode(422)
                .body("issue[0].details.coding[0].code", equalTo("unknown-escalation"));
    }

    @Test
    void badInputIsRefusedAndNothingStored() {
        UUID encounter = UUID.randomUUID();
        given().header("Authorization", bearer("service")).contentType(FHIR)
                .body(request(encounter, "blood pressure", "reading", new Vitals(900, 80, null, null, null, null, null)))
                .post("/fhir/Encounter/$triage").then().statusCode(400)
                .body("issue[0].details.coding[0].code", equalTo("implausible-vitals"));
        given().header("Authorization", bearer("service")).contentType(FHIR)
                .body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"narrative\",\"valueString\":\"x\"}]}")
                .post("/fhir/Encounter/$triage").then().statusCode(422);
        // an empty array is not FHIR JSON
        given().header("Authorization", bearer("service")).contentType(FHIR)
                .body("{\"resourceType\":\"Parameters\",\"parameter\":[]}")
                .post("/fhir/Encounter/$triage").then().statusCode(400);
        given().header("Authorization", bearer("service")).contentType(FHIR).body("{\"resourceType\":\"Nope\"}")
                .post("/fhir/Encounter/$triage").then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
        given().header("Authorization", bearer("service")).get("/api/v1/clearances/" + encounter)
                .then().statusCode(404);
    }

    /** The call's data keeps to what intake takes from an agent; found by the bad-input corpus (system-tests). */
    @Test
    void callDataOutsideIntakesLimitsIs422AndNothingStored() {
        UUID encounter = UUID.randomUUID();
        String ok = request(encounter, "cough", "Dry cough for three days.", null);
        String patientId = ok.replaceAll("(?s).*\"resourceType\":\"Patient\",\"id\":\"([^\"]+)\".*", "$1");
        for (String bad : List.of(ok.replace(patientId, "' OR 1=1 --"), ok.replace(patientId, "p".repeat(65)),
                ok.replace("1950-01-01", LocalDate.now().plusDays(2).toString()), ok.replace("1950-01-01", "1800-01-01"),
                request(encounter, "cough", "x".repeat(4001), null), request(encounter, "c".repeat(501), "x", null),
                request(encounter, "cough", "x", null, java.util.Collections.nCopies(31, "metformin")),
                request(encounter, "cough", "x", null, List.of("m".repeat(201))))) {
            given().header("Authorization", bearer("service")).contentType(FHIR).body(bad)
                    .post("/fhir/Encounter/$triage").then().statusCode(422).body("resourceType", equalTo("OperationOutcome"));
        }
        // HAPI alone reads {} as no reason at all
        given().header("Authorization", bearer("service")).contentType(FHIR)
                .body(ok.replace("\"text\":\"cough\"", "\"text\":{}"))
                .post("/fhir/Encounter/$triage").then().statusCode(400)
                .body("issue[0].details.coding[0].code", equalTo("invalid-fhir"));
        given().header("Authorization", bearer("service")).get("/api/v1/clearances/" + encounter).then().statusCode(404);
    }

    @Test
    void medicationsAreRiskModifiersAndTheAnswerExplainsItself() {
        String narrative = "had a nosebleed this morning, still oozing a bit, no other symptoms";
        JsonPath without = triage(request(UUID.randomUUID(), "nosebleed", narrative, null));
        JsonPath with = triage(request(UUID.randomUUID(), "nosebleed", narrative, null, List.of("apixaban 5 mg")));
        assertTrue(TriageLevel.fromCode(param(with, "level")).orElseThrow()
                .moreUrgentThan(TriageLevel.fromCode(param(without, "level")).orElseThrow()), with.prettify());
        JsonPath refill = triage(request(UUID.randomUUID(), "refill", "Needs a statin refill. Denies chest pain.", null));
        java.util.List<java.util.Map<String, Object>> parameters = refill.getList("parameter");
        assertTrue(parameters.stream().anyMatch(p -> "disposition".equals(p.get("name"))), refill.prettify());
        assertTrue(parameters.stream().anyMatch(p -> "dismissed".equals(p.get("name"))
                && p.toString().contains("negated")), refill.prettify());
    }

    @Test
    void aClearanceNamesItsClinicianByAnIdentifier() {
        UUID encounter = UUID.randomUUID();
        JsonPath answer = triage(request(encounter, "rib pain", "Acute pain in his ribs that started this morning.",
                null));
        String clearance = encode(EscalationMessages.toCommunication(new ClinicianClearance(UUID.randomUUID().toString(),
                param(answer, "escalation"), encounter.toString(), UUID.randomUUID().toString(), "' OR 1=1 --", 48)));
        given().header("Authorization", bearer("service")).contentType(FHIR).body(clearance)
                .post("/fhir/Communication").then().statusCode(422)
                .body("issue[0].details.coding[0].code", equalTo("invalid-sender"));
        given().header("Authorization", bearer("service")).get("/api/v1/clearances/" + encounter).then().statusCode(404);
    }

    @Test
    void onlyServicesTriageAndTokensAreVerified() {
        String body = request(UUID.randomUUID(), "cough", "dry cough", null);
        given().contentType(FHIR).body(body).post("/fhir/Encounter/$triage").then().statusCode(401);
        given().header("Authorization", "Bearer " + health.safeline.shared.testing.TestTokens.forged("service"))
                .contentType(FHIR).body(body).post("/fhir/Encounter/$triage").then().statusCode(401);
        given().header("Authorization", "Bearer " + health.safeline.shared.testing.TestTokens.expired("service"))
                .contentType(FHIR).body(body).post("/fhir/Encounter/$triage").then().statusCode(401);
        for (String role : new String[] {"agent", "clinician", "ehr"}) {
            given().header("Authorization", bearer(role)).contentType(FHIR).body(body)
                    .post("/fhir/Encounter/$triage").then().statusCode(403);
        }
        given().get("/fhir/metadata").then().statusCode(200).body("resourceType", equalTo("CapabilityStatement"));
        // RestAssured percent-encodes the '$' by default: both spellings reach the operation.
        given().header("Authorization", bearer("service")).contentType(FHIR).body(body)
                .post("/fhir/Encounter/$triage").then().statusCode(200);
    }

    @Test
    void protocolIsServedForReview() {
        JsonPath protocol = given().header("Authorization", bearer("clinician")).accept("application/json")
                .get("/api/v1/protocol").then().statusCode(200).extract().jsonPath();
        String version = protocol.getString("version");
        assertTrue(version != null && !version.isBlank());
        java.util.List<java.util.Map<String, Object>> rules = protocol.getList("rules");
        assertTrue(rules.size() > 20, "rules: " + rules.size());
        assertTrue(protocol.getList("dispositions").size() >= 4);
        assertTrue(protocol.getList("concepts").size() > 50);
        for (java.util.Map<String, Object> rule : rules) {
            for (String field : new String[] {"id", "title", "level", "disposition", "condition", "rationale", "source"}) {
                assertTrue(rule.get(field) != null && !rule.get(field).toString().isBlank(), field + " of " + rule);
            }
        }
        assertTrue(rules.stream().anyMatch(r -> "emergency".equals(r.get("level"))));
        given().header("Authorization", bearer("clinician")).accept("text/html").get("/api/v1/protocol")
                .then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<table"), containsString(version));
        given().accept("application/json").get("/api/v1/protocol").then().statusCode(401);
    }
}
