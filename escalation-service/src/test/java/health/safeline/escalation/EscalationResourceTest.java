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

import health.safeline.api.RedFlag;
import health.safeline.api.TriageLevel;
import health.safeline.shared.fhir.EscalationMessages;
import health.safeline.shared.fhir.EscalationMessages.Alert;
import health.safeline.shared.fhir.EscalationMessages.ClinicianClearance;
import health.safeline.shared.fhir.FhirContextProducer;
import health.safeline.shared.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
        "{\"resourceType\": \"Communication\", \"status\": \"completed\", \"sent\": \"yesterday\"}",
        "{\"resourceType\": \"Communication\", \"status\": {}}",
        "{\"resourceType\": \"Communication\", \"status\": \"completed\", \"payload\": [{\"contentString\": \"a\\u0000b\"}]}",
        "{\"resourceType\": \"Communication\", \"status\": \"completed\", \"extension\": [\"x\"]}"
    })
    void malformedOrUnknownContentIs400AndStoresNothing(String body) {
        long before = count("SELECT count(*) FROM escalation");
        deliver(body).then().statusCode(400).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", not(containsString("Exception")));
        assertEquals(before, count("SELECT count(*) FROM escalation"));
    }

    /** Found by the bad-input corpus (system-tests): each was stored as an escalation (a NUL in an id was a 500). */
    @Test
    void anAlertWithMalformedIdsCodesOrPayloadsIs422AndStoresNothing() {
        String encounter = UUID.randomUUID().toString();
        String good = alert(UUID.randomUUID().toString(), encounter, TriageLevel.URGENT);
        List<String> bad = List.of(
                good.replaceFirst("\"Patient/[^\"]+\"", "\"Patient/' OR 1=1 --\""),
                good.replaceFirst("\"Patient/[^\"]+\"", "\"Patient/\\${jndi:ldap://x/a}\""),
                good.replaceFirst("\"RiskAssessment/[^\"]+\"", "\"RiskAssessment/<script>\""),
                good.replace("Reason for call: ", "Anything at all: "),
                good.replace("Caller's words: ", "Caller's words: " + "x".repeat(4001)),
                encode(EscalationMessages.toCommunication(new Alert(UUID.randomUUID().toString(), encounter,
                        UUID.randomUUID().toString(), UUID.randomUUID().toString(), TriageLevel.URGENT,
                        List.of(new RedFlag("' OR 1=1 --", "x", List.of())), "leg pain", "calf"))));
        for (String body : bad) {
            deliver(body).then().statusCode(422).body("resourceType", equalTo("OperationOutcome"));
        }
        assertEquals(0, count("SELECT count(*) FROM escalation WHERE encounter_id = $1", encounter));
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
        "{not json",
        "{\"outcome\": \"clear-for-booking\", \"bookingWindowHours\": 1.5}",
        "{\"outcome\": \"sent-to-ed\", \"note\": \"a\\ud800b\"}"
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

    @TestHTTPResource("/api/v1/escalations/stream")
    URI streamUri;

    /** One SSE event as read off the wire. */
    record SseEvent(String name, String data) {
    }

    /** A real HTTP client on the live stream, parsing events on a background thread. */
    static final class StreamClient implements AutoCloseable {
        final BlockingQueue<SseEvent> received = new LinkedBlockingQueue<>();
        final CountDownLatch connected = new CountDownLatch(1);
        final HttpResponse<Stream<String>> response;

        StreamClient(URI uri, String role) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", bearer(role))
                    .header("Accept", "text/event-stream").build();
            response = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                    .get(10, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            Thread reader = new Thread(this::read, "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
            assertTrue(connected.await(10, TimeUnit.SECONDS), "no connected comment");
        }

        private void read() {
            String name = null;
            StringBuilder data = new StringBuilder();
            try {
                for (String line : (Iterable<String>) response.body()::iterator) {
                    if (line.startsWith(":")) {
                        connected.countDown();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    } else if (line.isEmpty() && name != null) {
                        received.add(new SseEvent(name, data.toString()));
                        name = null;
                        data.setLength(0);
                    }
                }
            } catch (RuntimeException closed) {
                // the stream was closed at the end of the test
            }
        }

        /** The events about escalation {@code id}, in arrival order, until {@code count} arrived or 20 s passed. */
        List<SseEvent> about(String id, int count) throws InterruptedException {
            return about(id, count, Duration.ofSeconds(20));
        }

        List<SseEvent> about(String id, int count, Duration wait) throws InterruptedException {
            List<SseEvent> mine = new ArrayList<>();
            long deadline = System.nanoTime() + wait.toNanos();
            while (mine.size() < count && System.nanoTime() < deadline) {
                SseEvent event = received.poll(200, TimeUnit.MILLISECONDS);
                if (event != null && event.data().contains("\"id\":\"" + id + "\"")) {
                    mine.add(event);
                }
            }
            return mine;
        }

        @Override
        public void close() {
            response.body().close();
        }
    }

    @Test
    void theStreamPushesTriggeredAcknowledgedResolvedInOrder() throws Exception {
        try (StreamClient stream = new StreamClient(streamUri, "clinician")) {
            String id = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
            ack(id, "clinician").then().statusCode(200);
            resolve(id, "{\"outcome\": \"advised-911\"}").then().statusCode(200);

            List<SseEvent> mine = stream.about(id, 3);
            assertEquals(List.of("triggered", "acknowledged", "resolved"),
                    mine.stream().map(SseEvent::name).toList(), mine.toString());
            assertTrue(mine.get(0).data().contains("\"priority\":\"asap\""), mine.get(0).data());
            assertTrue(mine.get(0).data().contains("\"redFlags\""), mine.get(0).data());
            assertTrue(mine.get(2).data().contains("\"outcome\":\"advised-911\""), mine.get(2).data());
        }
    }

    @Test
    void theStreamPushesMissedDeadlinesAsEscalated() throws Exception {
        try (StreamClient stream = new StreamClient(streamUri, "supervisor")) {
            String id = escalate(UUID.randomUUID().toString(), TriageLevel.EMERGENCY);
            List<SseEvent> mine = stream.about(id, 2);
            assertEquals(List.of("triggered", "escalated"), mine.stream().map(SseEvent::name).toList(),
                    mine.toString());
            assertTrue(mine.get(1).data().contains("\"tier\":2"), mine.get(1).data());
        }
    }

    /** Another replica is just another writer to the same table: its commits reach this replica's clients. */
    @Test
    void theStreamCarriesChangesCommittedByAnyWriterButNotRolledBackOnes() throws Exception {
        try (StreamClient stream = new StreamClient(streamUri, "clinician")) {
            String id = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
            UUID uuid = UUID.fromString(id);
            pool.withTransaction(c -> c.preparedQuery("UPDATE escalation SET status = 'resolved', "
                            + "resolved_at = now(), outcome = 'sent-to-ed' WHERE id = $1").execute(Tuple.of(uuid))
                    .chain(() -> io.smallrye.mutiny.Uni.createFrom().failure(new IllegalStateException("rollback"))))
                    .onFailure().recoverWithNull().await().atMost(Duration.ofSeconds(5));
            pool.preparedQuery("UPDATE escalation SET status = 'acknowledged', acknowledged_at = now(), "
                    + "acknowledged_by = 'other-replica' WHERE id = $1").execute(Tuple.of(uuid))
                    .await().atMost(Duration.ofSeconds(5));
            // notifications arrive in commit order: a rolled-back "resolved" would come before "acknowledged"
            List<SseEvent> mine = stream.about(id, 2);
            assertEquals(List.of("triggered", "acknowledged"), mine.stream().map(SseEvent::name).toList(),
                    mine.toString());
        }
    }

    @Test
    void theListenerReconnectsAfterLosingItsDatabaseConnection() throws Exception {
        assertTrue(count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
                + "current_database() AND query ILIKE $1 AND pid <> pg_backend_pid()", "LISTEN%escalation_events%") >= 1);
        try (StreamClient stream = new StreamClient(streamUri, "clinician")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<SseEvent> mine = List.of();
            while (mine.isEmpty() && System.nanoTime() < deadline) {
                // changes made while the listener is down are not replayed: keep making new ones
                String id = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
                mine = stream.about(id, 1, Duration.ofSeconds(1));
            }
            assertEquals(List.of("triggered"), mine.stream().map(SseEvent::name).toList());
        }
    }

    @Test
    void theStreamNeedsAClinicianOrSupervisor() {
        given().get("/api/v1/escalations/stream").then().statusCode(401);
        given().header("Authorization", bearer("agent")).get("/api/v1/escalations/stream").then().statusCode(403);
        given().header("Authorization", bearer("ehr")).get("/api/v1/escalations/stream").then().statusCode(403);
    }

    @Test
    void listFiltersByTierAndPriority() {
        String encounter = UUID.randomUUID().toString();
        String urgent = escalate(encounter, TriageLevel.URGENT);
        String emergency = escalate(encounter, TriageLevel.EMERGENCY);
        given().header("Authorization", bearer("clinician")).queryParam("encounterId", encounter)
                .queryParam("priority", "asap").get("/api/v1/escalations")
                .then().statusCode(200).body("id", containsInAnyOrder(urgent));
        given().header("Authorization", bearer("clinician")).queryParam("encounterId", encounter)
                .queryParam("priority", "stat").get("/api/v1/escalations")
                .then().statusCode(200).body("id", containsInAnyOrder(emergency));
        given().header("Authorization", bearer("clinician")).queryParam("encounterId", encounter)
                .queryParam("priority", "urgent").get("/api/v1/escalations")
                .then().statusCode(200).body("", hasSize(0));
        given().header("Authorization", bearer("supervisor")).queryParam("encounterId", encounter)
                .queryParam("priority", "asap").queryParam("tier", "1").get("/api/v1/escalations")
                .then().statusCode(200).body("id", containsInAnyOrder(urgent));
        given().header("Authorization", bearer("supervisor")).queryParam("encounterId", encounter)
                .queryParam("priority", "asap").queryParam("tier", "3").get("/api/v1/escalations")
                .then().statusCode(200).body("", hasSize(0));
        for (String bad : List.of("0", "-1", "two", "1.5")) {
            given().header("Authorization", bearer("clinician")).queryParam("tier", bad).get("/api/v1/escalations")
                    .then().statusCode(400).body("resourceType", equalTo("OperationOutcome"))
                    .body("issue[0].details.coding[0].code", equalTo("invalid-tier"));
        }
        for (String bad : List.of("-1", "many")) {
            given().header("Authorization", bearer("clinician")).queryParam("limit", bad).get("/api/v1/escalations")
                    .then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
        }
        for (String bad : List.of("' OR 1=1 --", "<script>")) {
            given().header("Authorization", bearer("clinician")).queryParam("encounterId", bad)
                    .get("/api/v1/escalations").then().statusCode(400)
                    .body("issue[0].details.coding[0].code", equalTo("invalid-encounter-id"));
        }
        for (String bad : List.of("STAT", "routine", "emergency")) {
            given().header("Authorization", bearer("clinician")).queryParam("priority", bad)
                    .get("/api/v1/escalations")
                    .then().statusCode(400).body("resourceType", equalTo("OperationOutcome"))
                    .body("issue[0].details.coding[0].code", equalTo("invalid-priority"));
        }
    }

    @Test
    void ackAndResolveAreTimedPerPriorityAndTier() {
        String id = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        ack(id, "clinician").then().statusCode(200);
        resolve(id, "{\"outcome\": \"callback-completed\"}").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("safeline_escalation_time_to_acknowledge_seconds_count{")
                && l.contains("priority=\"asap\"") && l.contains("tier=\"1\"")), "no ack timer");
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("safeline_escalation_time_to_resolve_seconds_count{")
                && l.contains("priority=\"asap\"")), "no resolve timer");
        assertTrue(metrics.contains("safeline_escalation_time_to_acknowledge_seconds_bucket{"), "no histogram");
    }

    @Test
    void openEscalationsAreGaugedByTier() throws InterruptedException {
        escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean gauged = false;
        while (!gauged && System.nanoTime() < deadline) {
            Thread.sleep(250);
            gauged = given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                    .anyMatch(l -> l.startsWith("safeline_escalation_open{") && l.contains("tier=\"1\""));
        }
        assertTrue(gauged, "no safeline_escalation_open{tier=\"1\"}");
    }

    String text(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getValue(0).toString();
    }

    /** Polls {@code sql} (one boolean) every 200 ms until it is true or {@code wait} passed. */
    boolean eventually(Duration wait, String sql, Object... args) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.parseBoolean(text(sql, args))) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    List<String> auditCodes(String id, String action) {
        List<String> codes = new ArrayList<>();
        pool.preparedQuery("SELECT code FROM audit_event WHERE entity_id = $1 AND action = $2 ORDER BY recorded_at")
                .execute(Tuple.of(id, action)).await().atMost(Duration.ofSeconds(5))
                .forEach(r -> codes.add(r.getString("code")));
        return codes;
    }

    /** Test profile: stat ack 1S, resolve 2S, repeat 1, default tiers (3) and fallback. */
    @Test
    void missedStatDeadlinesMoveThroughTheTiersRepeatTheLastThenTheFallbackIsDue() throws InterruptedException {
        String encounter = UUID.randomUUID().toString();
        String id = escalate(encounter, TriageLevel.EMERGENCY);
        UUID uuid = UUID.fromString(id);
        given().header("Authorization", bearer("clinician")).get("/api/v1/escalations/" + id)
                .then().statusCode(200).body("fallback", equalTo(null));

        assertTrue(eventually(Duration.ofSeconds(20), "SELECT fallback_due FROM escalation WHERE id = $1", uuid),
                "fallback never due");
        assertEquals(List.of("tier-2", "tier-3", "tier-3-repeat-1", "fallback"),
                auditCodes(id, "escalation.deadline-breached"));
        assertEquals(4, count("SELECT breaches FROM escalation WHERE id = $1", uuid));
        assertEquals(1, count("SELECT repeats FROM escalation WHERE id = $1", uuid));
        given().header("Authorization", bearer("supervisor")).queryParam("encounterId", encounter)
                .queryParam("status", "open").get("/api/v1/escalations")
                .then().statusCode(200).body("", hasSize(1))
                .body("[0].status", equalTo("triggered"))
                .body("[0].tier", equalTo(3))
                .body("[0].tierName", equalTo("clinical-lead"))
                .body("[0].fallback", equalTo("Call the patient back and advise 911"));
        // still open and counted, but the worker does not fire again
        assertTrue(!eventually(Duration.ofMillis(2500), "SELECT breaches <> 4 FROM escalation WHERE id = $1", uuid),
                "breached again after the fallback");
        // a clinician can still take it
        ack(id, "clinician").then().statusCode(200).body("status", equalTo("acknowledged"));
        resolve(id, "{\"outcome\": \"advised-911\"}").then().statusCode(200).body("status", equalTo("resolved"));
    }

    @Test
    void anAcknowledgedButUnresolvedEscalationReTriggersAtTheNextTier() throws Exception {
        try (StreamClient stream = new StreamClient(streamUri, "clinician")) {
            String id = escalate(UUID.randomUUID().toString(), TriageLevel.EMERGENCY);
            UUID uuid = UUID.fromString(id);
            int ackTier = ack(id, "clinician").then().statusCode(200).body("status", equalTo("acknowledged"))
                    .extract().path("tier");

            assertTrue(eventually(Duration.ofSeconds(20),
                    "SELECT status = 'triggered' FROM escalation WHERE id = $1", uuid), "never re-triggered");
            assertEquals(Math.min(ackTier + 1, 3), count("SELECT tier FROM escalation WHERE id = $1", uuid));
            assertEquals(0, count("SELECT count(*) FROM escalation WHERE id = $1 AND (acknowledged_at IS NOT NULL "
                    + "OR acknowledged_by IS NOT NULL OR ack_deadline <= now() - interval '5 seconds')", uuid));
            assertEquals(1, count("SELECT count(*) FROM audit_event WHERE entity_id = $1 AND actor = 'system' "
                    + "AND action = 'escalation.resolve-deadline-missed'", id));
            given().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.matchesPattern(
                    "(?s).*safeline_escalation_deadline_breaches_total\\{deadline=\"resolve\"[^}]*\\} [1-9].*"));

            List<String> names = stream.about(id, 10, Duration.ofSeconds(3)).stream().map(SseEvent::name).toList();
            int acknowledged = names.indexOf("acknowledged");
            assertEquals("triggered", names.get(0), names.toString());
            assertTrue(acknowledged > 0 && names.subList(acknowledged + 1, names.size()).contains("escalated"),
                    names.toString());
            assertEquals(1, names.stream().filter("triggered"::equals).count(), names.toString());

            // acknowledged again and resolved in time, it stays resolved
            ack(id, "supervisor").then().statusCode(200).body("status", equalTo("acknowledged"));
            resolve(id, "{\"outcome\": \"sent-to-ed\"}").then().statusCode(200).body("status", equalTo("resolved"));
        }
    }

    @Test
    void thePolicyIsSnapshottedAndTheWorkerFollowsTheSnapshotNotTheConfig() throws InterruptedException {
        String stat = escalate(UUID.randomUUID().toString(), TriageLevel.EMERGENCY);
        String asap = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        String columns = "SELECT ack_window_seconds || '|' || resolve_window_seconds || '|' || tiers || '|' "
                + "|| repeat_count || '|' || fallback FROM escalation WHERE id = $1";
        String tiers = "[\"on-call-clinician\",\"supervising-physician\",\"clinical-lead\"]";
        assertEquals("1|2|" + tiers + "|1|Call the patient back and advise 911",
                text(columns, UUID.fromString(stat)));
        assertEquals("600|3600|" + tiers + "|3|Call back within 5 minutes", text(columns, UUID.fromString(asap)));

        // a running escalation keeps what it stored, whatever the configuration says now (asap: 3 tiers, repeat 3)
        UUID uuid = UUID.fromString(asap);
        pool.preparedQuery("UPDATE escalation SET tiers = '[\"nurse\",\"doctor\"]', repeat_count = 0, "
                + "ack_window_seconds = 1, ack_deadline = now() WHERE id = $1").execute(Tuple.of(uuid))
                .await().atMost(Duration.ofSeconds(5));
        assertTrue(eventually(Duration.ofSeconds(20), "SELECT fallback_due FROM escalation WHERE id = $1", uuid),
                "fallback never due");
        assertEquals(List.of("tier-2", "fallback"), auditCodes(asap, "escalation.deadline-breached"));
        given().header("Authorization", bearer("clinician")).get("/api/v1/escalations/" + asap)
                .then().statusCode(200).body("tier", equalTo(2)).body("tierName", equalTo("doctor"))
                .body("status", equalTo("triggered")).body("fallback", equalTo("Call back within 5 minutes"));
    }

    @Test
    void capabilityStatementListsExactlyWhatIsServed() {
        given().get("/fhir/metadata").then().statusCode(200)
                .body("resourceType", equalTo("CapabilityStatement"))
                .body("rest[0].resource.type", containsInAnyOrder("AuditEvent", "Communication", "Task",
                        "Subscription"))
                .body("rest[0].resource.find { it.type == 'Communication' }.interaction.code",
                        containsInAnyOrder("read", "create", "search-type"))
                .body("rest[0].resource.find { it.type == 'Communication' }.searchParam.name",
                        containsInAnyOrder("encounter", "subject", "status"))
                .body("rest[0].resource.find { it.type == 'Subscription' }.interaction.code",
                        containsInAnyOrder("create", "read", "delete"))
                .body("rest[0].resource.find { it.type == 'Subscription' }.operation.name",
                        containsInAnyOrder("status", "events"))
                .body("rest[0].resource.find { it.type == 'Task' }.interaction.code", containsInAnyOrder("read"))
                .body("rest[0].resource.find { it.type == 'AuditEvent' }.interaction.code",
                        containsInAnyOrder("read", "search-type"))
                .body("rest[0].resource.find { it.type == 'AuditEvent' }.searchParam.name",
                        containsInAnyOrder("entity", "date"));
    }

    @Test
    void supervisorSummaryCountsAcknowledgedAndResolvedWithMeanTimes() {
        String from = java.time.Instant.now().minusSeconds(1).toString();
        String id = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        ack(id, "clinician").then().statusCode(200);
        resolve(id, "{\"outcome\": \"callback-completed\", \"note\": \"spoke to the caller\"}").then().statusCode(200);
        io.restassured.path.json.JsonPath summary = given().header("Authorization", bearer("supervisor"))
                .queryParam("from", from).get("/api/v1/escalations/summary")
                .then().statusCode(200).extract().jsonPath();
        assertTrue(summary.getLong("created") >= 1, summary.prettify());
        assertTrue(summary.getLong("acknowledged") >= 1, summary.prettify());
        assertTrue(summary.getLong("resolved") >= 1, summary.prettify());
        assertTrue(summary.getDouble("mttaSeconds") >= 0, summary.prettify());
        assertTrue(summary.getDouble("mttrSeconds") >= summary.getDouble("mttaSeconds") - 1, summary.prettify());
        assertTrue(summary.getLong("open") >= 0);

        given().header("Authorization", bearer("supervisor")).queryParam("from", "2030-01-01T00:00:00Z")
                .queryParam("to", "2029-01-01T00:00:00Z").get("/api/v1/escalations/summary")
                .then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
        given().header("Authorization", bearer("supervisor")).queryParam("from", "last week")
                .get("/api/v1/escalations/summary").then().statusCode(400);
        given().header("Authorization", bearer("clinician")).get("/api/v1/escalations/summary").then().statusCode(403);
    }
}
