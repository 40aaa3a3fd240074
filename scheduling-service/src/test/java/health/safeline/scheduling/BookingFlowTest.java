package health.safeline.scheduling;

import static health.safeline.scheduling.CdsHooksTest.appointment;
import static health.safeline.scheduling.CdsHooksTest.bundle;
import static health.safeline.scheduling.CdsHooksTest.request;
import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.api.Clearance;
import health.safeline.shared.fhir.FhirContextProducer;
import health.safeline.shared.fhir.FhirValidation;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Bookings, Appointment search and CDS Hooks advice against a real HTTP stand-in for triage that holds the
 * clearances. The database outlives test runs, so every test books random far-future slots.
 */
@QuarkusTest
@WithTestResource(TriageStub.class)
class BookingFlowTest {

    @TriageStub.Inject
    TriageStub triage;

    /** What is served may be any R4 resource: the services' own validator knows only what EHRs send. */
    static final FhirValidation validation = FhirValidation.ofWholeSpecification();

    static final String CDS = "/cds-services/safeline-appointment-book";

    /** A random 20-minute slot start on the day {@code days} from today (UTC); every hour has a slot. */
    static Instant slotOn(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(20L * ThreadLocalRandom.current().nextInt(72)));
    }

    static LocalDate randomDay() {
        return LocalDate.now(ZoneOffset.UTC).plusDays(100 + ThreadLocalRandom.current().nextInt(20000));
    }

    /** An encounter of patient {@code p1} triage cleared for [start - 1 h, start + 1 h]. */
    String clearedEncounter(Instant start) {
        return clearedEncounter(start, "p1");
    }

    /** An encounter of {@code patient} triage cleared for [start - 1 h, start + 1 h]. */
    String clearedEncounter(Instant start, String patient) {
        String encounter = UUID.randomUUID().toString();
        triage.clear(encounter, patient, Clearance.ACTIVE, start.minus(Duration.ofHours(1)), start.plus(Duration.ofHours(1)));
        return encounter;
    }

    static Response book(String encounter, String patient, Instant start) {
        String body = "{\"resourceType\":\"Appointment\",\"status\":\"proposed\",\"start\":\"" + start + "\","
                + "\"end\":\"" + start.plusSeconds(1200) + "\","
                + "\"supportingInformation\":[{\"reference\":\"Encounter/" + encounter + "\"}],"
                + "\"participant\":[{\"actor\":{\"reference\":\"Patient/" + patient + "\"},\"status\":\"needs-action\"}]}";
        return given().header("Authorization", bearer("agent")).contentType("application/fhir+json").body(body)
                .post("/fhir/Appointment");
    }

    @Test
    void aFhirBookingIsVersionedNamesItsPatientAndTakesItsSlot() {
        Instant start = slotOn(randomDay());
        String patient = "pat-" + UUID.randomUUID();
        String encounter = clearedEncounter(start, patient);
        book(encounter, "pat-someone-else", start).then().statusCode(409)
                .body("issue[0].details.coding[0].code", equalTo("clearance-patient-mismatch"));
        Response created = book(encounter, patient, start);
        created.then().statusCode(201)
                .header("Location", containsString("/fhir/Appointment/"))
                .header("ETag", equalTo("W/\"1\""))
                .body("resourceType", equalTo("Appointment"))
                .body("meta.versionId", equalTo("1"))
                .body("status", equalTo("booked"))
                .body("start", equalTo(start.toString()));
        String id = created.jsonPath().getString("id");
        assertTrue(created.header("Location").endsWith("/fhir/Appointment/" + id));

        JsonPath read = given().header("Authorization", bearer("ehr")).get("/fhir/Appointment/" + id)
                .then().statusCode(200).header("ETag", equalTo("W/\"1\""))
                .body("meta.versionId", equalTo("1"))
                .body("meta.lastUpdated", notNullValue())
                .body("created", notNullValue())
                .body("end", equalTo(start.plusSeconds(1200).toString()))
                .body("supportingInformation[0].reference", equalTo("Encounter/" + encounter))
                .body("participant.actor.reference", hasItem("Patient/" + patient))
                .body("participant.status", not(hasItem(nullValue())))
                .body("participant.find { it.actor.identifier != null }.actor.identifier.system",
                        equalTo("https://safeline.health/fhir/NamingSystem/practitioner"))
                .extract().jsonPath();

        // The slot it took is busy, readable as such, and no longer among the free ones.
        String slot = read.getString("slot[0].reference");
        assertNotNull(slot);
        given().header("Authorization", bearer("agent")).get("/fhir/" + slot).then().statusCode(200)
                .body("status", equalTo("busy")).body("start", equalTo(start.toString()));
        String slotId = slot.substring("Slot/".length());
        Map<String, ?> window = Map.of("start", List.of("ge" + start, "le" + start));
        assertTrue(ids(window, "busy").contains(slotId));
        assertTrue(!ids(window, "free").contains(slotId));
    }

    static List<String> ids(Map<String, ?> window, String status) {
        return given().header("Authorization", bearer("agent")).queryParams(window).queryParam("status", status)
                .get("/fhir/Slot").then().statusCode(200).extract().jsonPath().getList("entry.resource.id", String.class);
    }

    /** No error-level issue when validated against base R4. */
    void assertValidR4(String json) {
        var resource = FhirContextProducer.context().newJsonParser().parseResource(json);
        var errors = FhirValidation.errors(validation.validate(resource));
        assertTrue(errors.getIssue().isEmpty(), resource.fhirType() + ": " + errors.getIssue().stream()
                .map(i -> i.getExpression() + " " + i.getDiagnostics()).toList());
    }

    @Test
    void everyResourceServedIsValidR4() {
        assertTrue(!FhirValidation.errors(validation.validate(new org.hl7.fhir.r4.model.Slot())).getIssue().isEmpty(),
                "the validator catches a Slot without schedule, status, start and end");
        Instant start = slotOn(randomDay());
        String patient = "pat-" + UUID.randomUUID();
        Response created = book(clearedEncounter(start, patient), patient, start);
        created.then().statusCode(201);
        assertValidR4(created.asString());
        String id = created.jsonPath().getString("id");
        JsonPath read = given().header("Authorization", bearer("ehr")).get("/fhir/Appointment/" + id).then()
                .statusCode(200).extract().jsonPath();
        String slot = read.getString("slot[0].reference");
        List<String> paths = List.of("/fhir/Appointment/" + id, "/fhir/Appointment?patient=" + patient,
                "/fhir/" + slot, "/fhir/Slot?_count=5&status=free",
                "/fhir/Slot?status=busy&start=ge" + start + "&start=le" + start,
                "/fhir/Schedule/" + given().header("Authorization", bearer("ehr")).get("/fhir/" + slot).jsonPath()
                        .getString("schedule.reference").substring("Schedule/".length()),
                "/fhir/metadata", "/fhir/Slot?status=tentative", "/fhir/Slot/nope");
        for (String path : paths) {
            assertValidR4(given().urlEncodingEnabled(false).header("Authorization", bearer("ehr")).get(path).asString());
        }
    }

    @Test
    void appointmentsAreSearchedByPatientAndDate() {
        LocalDate day = randomDay();
        String patient = "pat-" + UUID.randomUUID();
        Instant first = slotOn(day);
        Instant second = slotOn(day.plusDays(3));
        Instant third = slotOn(day.plusDays(4));
        for (Instant start : List.of(second, first, third)) {
            book(clearedEncounter(start, patient), patient, start).then().statusCode(201);
        }
        // someone else's appointment on the same day, at another time (the same slot may have no second practitioner)
        Instant other = slotOn(day);
        while (other.equals(first)) {
            other = slotOn(day);
        }
        book(clearedEncounter(other, "pat-other"), "pat-other", other).then().statusCode(201);

        JsonPath all = search(Map.of("patient", "Patient/" + patient));
        assertEquals(3, all.getInt("total"));
        assertEquals("searchset", all.getString("type"));
        assertEquals(List.of(first.toString(), second.toString(), third.toString()),
                all.getList("entry.resource.start", String.class));
        all.getList("entry.resource.meta.versionId", String.class).forEach(v -> assertEquals("1", v));
        assertEquals(3, search(Map.of("patient", patient)).getInt("total"));

        JsonPath later = search(Map.of("patient", patient, "date", List.of("ge" + day.plusDays(1), "lt" + day.plusDays(4))));
        assertEquals(1, later.getInt("total"));
        assertEquals(second.toString(), later.getString("entry[0].resource.start"));
        JsonPath onDay = search(Map.of("date", List.of("ge" + day, "le" + day), "_count", 200));
        assertTrue(onDay.getList("entry.resource.start", String.class).containsAll(List.of(first.toString(), other.toString())));
        onDay.getList("entry.resource.start", String.class).forEach(s -> assertEquals(day.toString(), s.substring(0, 10)));

        // paging: one at a time, following the next link
        JsonPath page = search(Map.of("patient", patient, "_count", 1));
        List<String> starts = new java.util.ArrayList<>();
        while (true) {
            assertEquals(3, page.getInt("total"));
            starts.addAll(page.getList("entry.resource.start", String.class));
            String next = SlotSearchTest.link(page, "next");
            if (next == null) {
                break;
            }
            page = given().urlEncodingEnabled(false).header("Authorization", bearer("clinician")).get(next).then().statusCode(200).extract().jsonPath();
        }
        assertEquals(all.getList("entry.resource.start", String.class), starts);

        assertEquals(0, search(Map.of("patient", "pat-nobody-" + UUID.randomUUID())).getInt("total"));
        for (Map<String, String> bad : List.of(Map.of("patient", "Patient/bad id!"), Map.of("date", "gx2030-01-01"),
                Map.of("date", "ge2030-13-01"))) {
            given().header("Authorization", bearer("ehr")).queryParams(bad).get("/fhir/Appointment")
                    .then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
        }
    }

    static JsonPath search(Map<String, ?> query) {
        return given().header("Authorization", bearer("ehr")).queryParams(query).get("/fhir/Appointment")
                .then().statusCode(200).contentType(containsString("application/fhir+json")).extract().jsonPath();
    }

    @Test
    void theAgentApiStillBooksWhatTriageCleared() {
        Instant start = slotOn(randomDay());
        String encounter = clearedEncounter(start);
        given().header("Authorization", bearer("agent")).contentType(ContentType.JSON)
                .body(Map.of("encounterId", encounter, "start", start.toString())).post("/api/v1/appointments")
                .then().statusCode(201).body("encounterId", equalTo(encounter));
        Instant outside = start.plus(Duration.ofHours(2));
        String another = clearedEncounter(start);
        given().header("Authorization", bearer("agent")).contentType(ContentType.JSON)
                .body(Map.of("encounterId", another, "start", outside.toString())).post("/api/v1/appointments")
                .then().statusCode(409).body("issue[0].details.coding[0].code", equalTo("clearance-window-exceeded"));
    }

    /** The agent's slot search hides a booked slot; a second booking of the encounter or of the slot is refused. */
    @Test
    void aBookedSlotLeavesTheSearchAndIsNotBookedTwice() {
        Instant start = slotOn(randomDay());
        String encounter = clearedEncounter(start);
        List<Map<String, String>> free = slots(start);
        assertTrue(!free.isEmpty(), "a free slot at " + start);
        String practitioner = free.get(0).get("practitioner");
        given().header("Authorization", bearer("agent")).contentType(ContentType.JSON)
                .body(Map.of("encounterId", encounter, "start", start.toString(), "practitioner", practitioner))
                .post("/api/v1/appointments").then().statusCode(201).body("start", equalTo(start.toString()));
        assertTrue(slots(start).stream().noneMatch(s -> practitioner.equals(s.get("practitioner"))));
        assertEquals(free.size() - 1, slots(start).size());

        given().header("Authorization", bearer("agent")).contentType(ContentType.JSON)
                .body(Map.of("encounterId", encounter, "start", start.plusSeconds(1200).toString()))
                .post("/api/v1/appointments").then().statusCode(409)
                .body("issue[0].details.coding[0].code", equalTo("already-booked"));
        given().header("Authorization", bearer("agent")).contentType(ContentType.JSON)
                .body(Map.of("encounterId", clearedEncounter(start), "start", start.toString(),
                        "practitioner", practitioner))
                .post("/api/v1/appointments").then().statusCode(409)
                .body("issue[0].details.coding[0].code", equalTo("slot-unavailable"));
    }

    /** The free slots of the agent API starting exactly at {@code start}. */
    static List<Map<String, String>> slots(Instant start) {
        return given().header("Authorization", bearer("agent")).queryParam("from", start.toString())
                .queryParam("to", start.plusSeconds(1).toString()).queryParam("limit", 100).get("/api/v1/slots")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    @Test
    void aClearedCallGetsAnInfoCardWithItsWindow() {
        Instant start = Instant.now().plus(Duration.ofHours(5));
        String encounter = clearedEncounter(start);
        JsonPath cards = given().header("Authorization", bearer("ehr")).contentType(ContentType.JSON)
                .body(request(null, bundle(appointment(encounter, start)))).post(CDS)
                .then().statusCode(200).body("cards", hasSize(1)).extract().jsonPath();
        assertEquals("info", cards.getString("cards[0].indicator"));
        String from = start.minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        assertTrue(cards.getString("cards[0].summary").contains(from), cards.getString("cards[0].summary"));
        assertTrue(cards.getString("cards[0].summary").length() < 140);
        assertEquals("Safeline triage", cards.getString("cards[0].source.label"));
        assertEquals(TriageStub.SOURCE_URL, cards.getString("cards[0].source.url"));
        assertNotNull(cards.getString("cards[0].uuid"));
        assertNull(cards.get("cards[0].links"));
        assertEquals(1, triage.asked(encounter));
    }

    @Test
    void anUnclearedCallGetsACriticalCardLinkingToTheEscalationWorklist() {
        String encounter = UUID.randomUUID().toString();
        given().header("Authorization", bearer("ehr")).contentType(ContentType.JSON)
                .body(request(null, bundle(appointment(encounter, Instant.now().plus(Duration.ofHours(2)))))).post(CDS)
                .then().statusCode(200)
                .body("cards", hasSize(1))
                .body("cards[0].indicator", equalTo("critical"))
                .body("cards[0].summary", equalTo("Do not book: this call needs a clinician (no triage clearance)"))
                .body("cards[0].detail", containsString("`triage-clearance-required`"))
                .body("cards[0].source.label", equalTo("Safeline triage"))
                .body("cards[0].links", hasSize(1))
                .body("cards[0].links[0].type", equalTo("absolute"))
                .body("cards[0].links[0].url",
                        equalTo("https://escalation.example/api/v1/escalations?encounterId=" + encounter));
        assertEquals(1, triage.asked(encounter));
    }

    @Test
    void theBookingRuleDecidesEachProposalAndTheContextEncounterIsTheFallback() {
        Instant start = Instant.now().plus(Duration.ofHours(6));
        String cleared = clearedEncounter(start);
        String revoked = UUID.randomUUID().toString();
        triage.clear(revoked, Clearance.REVOKED, start.minus(Duration.ofHours(1)), start.plus(Duration.ofHours(1)));
        String failing = UUID.randomUUID().toString();
        triage.failing.add(failing);
        JsonPath cards = given().header("Authorization", bearer("agent")).contentType(ContentType.JSON)
                .body(request(cleared, bundle(
                        appointment(null, start),                              // the context's encounter, inside
                        appointment(cleared, start.plus(Duration.ofHours(3))), // outside the window
                        appointment(revoked, start),
                        appointment(failing, start),                           // triage answers 500
                        appointment(cleared, null))))                          // no start to check
                .post(CDS).then().statusCode(200).body("cards", hasSize(5)).extract().jsonPath();
        assertEquals(List.of("info", "critical", "critical", "critical", "warning"),
                cards.getList("cards.indicator", String.class));
        assertEquals("Do not book at this time: outside the triage clearance window", cards.getString("cards[1].summary"));
        assertTrue(cards.getString("cards[1].detail").contains("clearance-window-exceeded"));
        assertEquals("Do not book: the triage clearance for this call was revoked", cards.getString("cards[2].summary"));
        assertTrue(cards.getString("cards[2].detail").contains("clearance-revoked"));
        assertEquals("Triage unavailable: do not book", cards.getString("cards[3].summary"));
        assertTrue(cards.getString("cards[3].detail").contains("triage-unavailable"));
        assertTrue(cards.getString("cards[4].detail").contains("missing-start"));
        // the server-side refusal is unchanged: the revoked encounter still cannot be booked
        book(revoked, "pat-x", slotOn(randomDay())).then().statusCode(409)
                .body("issue[0].details.coding[0].code", equalTo("clearance-revoked"));
    }

    @Test
    void concurrentBookingsOfOneSlotTimeBookEachPractitionerOnce() throws Exception {
        Instant start = slotOn(randomDay());
        int free = given().header("Authorization", bearer("agent")).queryParam("start", start.toString())
                .queryParam("status", "free").get("/fhir/Slot").then().statusCode(200).extract().path("total");
        assertTrue(free >= 1, "a free slot at " + start);
        int callers = free + 6;
        List<String> encounters = java.util.stream.IntStream.range(0, callers).mapToObj(i -> clearedEncounter(start))
                .toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
        List<Integer> statuses;
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Response>> answers = encounters.stream()
                    .map(e -> pool.submit(() -> {
                        go.await();
                        return book(e, "p1", start);
                    })).toList();
            go.countDown();
            statuses = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Response> a : answers) {
                Response r = a.get();
                statuses.add(r.statusCode());
                if (r.statusCode() == 409) {
                    assertEquals("slot-unavailable", r.jsonPath().getString("issue[0].details.coding[0].code"));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // exactly one booking per practitioner free at that time, every other caller told the slot is gone
        assertEquals(free, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(callers - free, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        given().header("Authorization", bearer("agent")).queryParam("start", start.toString())
                .queryParam("status", "free").get("/fhir/Slot").then().statusCode(200).body("total", equalTo(0));
        // each caller's booking is audited, the refusals after a lost race too (outcome 4, slot-unavailable)
        for (int i = 0; i < callers; i++) {
            JsonPath trail = given().header("Authorization", bearer("auditor"))
                    .queryParam("entity", "Encounter/" + encounters.get(i)).get("/fhir/AuditEvent").then().statusCode(200)
                    .extract().jsonPath();
            String booking = encounters.get(i) + " (" + statuses.get(i) + ")";
            assertEquals(List.of(statuses.get(i) == 201 ? "0" : "4"), trail.getList("entry.resource.outcome"), booking);
            if (statuses.get(i) == 409) {
                assertEquals(List.of("slot-unavailable"), trail.getList("entry.resource.outcomeDesc"), booking);
            }
        }
    }

    @Test
    void anAppointmentThatIsNotValidR4Is422WithTheValidatorsIssuesAndBooksNothing() {
        Instant start = slotOn(randomDay());
        String encounter = clearedEncounter(start);
        // start without end breaks app-2; a participant with neither actor nor type breaks app-1
        String body = "{\"resourceType\":\"Appointment\",\"status\":\"proposed\",\"start\":\"" + start + "\","
                + "\"supportingInformation\":[{\"reference\":\"Encounter/" + encounter + "\"}],"
                + "\"participant\":[{\"status\":\"needs-action\"}]}";
        given().header("Authorization", bearer("agent")).contentType("application/fhir+json").body(body)
                .post("/fhir/Appointment").then().statusCode(422)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue.severity", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.oneOf("error", "fatal")))
                .body("issue.diagnostics", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.containsString("app-")));
        assertEquals(0, triage.asked(encounter));
    }

    /** Found by the bad-input corpus (system-tests): each was booked, the odd reference ignored or the value dropped. */
    @Test
    void aFhirBookingWithAMalformedReferenceOrAnEmptyValueIsRefused() {
        Instant start = slotOn(randomDay());
        String encounter = clearedEncounter(start);
        String good = "{\"resourceType\":\"Appointment\",\"status\":\"proposed\",\"start\":\"" + start + "\","
                + "\"end\":\"" + start.plusSeconds(1200) + "\","
                + "\"supportingInformation\":[{\"reference\":\"Encounter/" + encounter + "\"}],"
                + "\"participant\":[{\"actor\":{\"reference\":\"Patient/p1\"},\"status\":\"needs-action\"}]}";
        for (String bad : List.of("Patient/<script>alert(1)</script>", "Patient/../../etc/passwd", "Patient/${jndi:x}")) {
            given().header("Authorization", bearer("agent")).contentType("application/fhir+json")
                    .body(good.replace("Patient/p1", bad)).post("/fhir/Appointment").then().statusCode(422)
                    .body("issue[0].details.coding[0].code", equalTo("invalid-reference"));
        }
        given().header("Authorization", bearer("agent")).contentType("application/fhir+json")
                .body(good.replace("\"status\":\"proposed\"", "\"status\":{}")).post("/fhir/Appointment")
                .then().statusCode(400).body("issue[0].details.coding[0].code", equalTo("invalid-fhir"));
        assertEquals(0, triage.asked(encounter));
    }

    @Test
    void aFhirBookingWithTwoPatientsIsRefusedUnchanged() {
        Instant start = slotOn(randomDay());
        String encounter = clearedEncounter(start);
        String body = "{\"resourceType\":\"Appointment\",\"status\":\"proposed\",\"start\":\"" + start + "\","
                + "\"supportingInformation\":[{\"reference\":\"Encounter/" + encounter + "\"}],"
                + "\"participant\":[{\"actor\":{\"reference\":\"Patient/a\"},\"status\":\"needs-action\"},"
                + "{\"actor\":{\"reference\":\"Patient/b\"},\"status\":\"needs-action\"}]}";
        given().header("Authorization", bearer("agent")).contentType("application/fhir+json").body(body)
                .post("/fhir/Appointment").then().statusCode(422)
                .body("issue[0].details.coding[0].code", equalTo("multiple-patients"));
        assertEquals(0, triage.asked(encounter));
        given().header("Authorization", bearer("agent")).get("/fhir/Appointment/" + UUID.randomUUID())
                .then().statusCode(404).header("ETag", nullValue());
        assertTrue(given().header("Authorization", bearer("agent")).get("/fhir/Appointment/" + UUID.randomUUID())
                .then().extract().body().asString().contains("OperationOutcome"));
        // a valid FHIR id that is none of ours: 404; a malformed id: 400
        given().header("Authorization", bearer("agent")).get("/fhir/Appointment/not-a-uuid")
                .then().statusCode(404).body("resourceType", equalTo("OperationOutcome"));
        given().header("Authorization", bearer("agent")).get("/fhir/Appointment/not_an_id")
                .then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
        given().header("Authorization", bearer("auditor")).get("/fhir/Appointment").then().statusCode(403);
        // agents book for their call; searching everyone's appointments is for clinicians and EHRs
        given().header("Authorization", bearer("agent")).get("/fhir/Appointment").then().statusCode(403);
        given().header("Authorization", bearer("ehr")).get("/fhir/Appointment?_count=1")
                .then().statusCode(200).body("link.relation", hasItem("self"))
                .body("link.url", hasItem(endsWith("_count=1")));
    }
}
