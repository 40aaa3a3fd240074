package health.safeline.escalation;

import static health.safeline.escalation.EscalationResourceTest.ack;
import static health.safeline.escalation.EscalationResourceTest.escalate;
import static health.safeline.escalation.EscalationResourceTest.resolve;
import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.escalation.FhirReceiver.Event;
import health.safeline.escalation.FhirReceiver.Received;
import health.safeline.escalation.mapping.Backport;
import health.safeline.escalation.service.SubscriptionTopics;
import health.safeline.api.TriageLevel;
import health.safeline.shared.fhir.FhirContextProducer;
import health.safeline.shared.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Topic-based Subscriptions against real PostgreSQL and a real local HTTP receiver: handshake, numbered
 * in-order event notifications, filters, payload content, delivery that survives a receiver that is down,
 * heartbeats, $status and $events, validation and who may see what.
 */
@QuarkusTest
@QuarkusTestResource(Receivers.class)
class SubscriptionTest {

    static final String FHIR = "application/fhir+json";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String CREATED = SubscriptionTopics.CREATED.url();
    static final String RESOLVED = SubscriptionTopics.RESOLVED.url();

    static FhirReceiver receiver;

    @Inject
    Pool pool;

    @BeforeAll
    static void receivers() {
        receiver = Receivers.receiver;
    }

    /** Each test sees only its own subscriptions (the test database outlives test runs). */
    @BeforeEach
    @AfterEach
    void turnEverySubscriptionOff() {
        pool.query("UPDATE subscription SET status = 'off', deleted_at = coalesce(deleted_at, now())")
                .execute().await().atMost(Duration.ofSeconds(5));
    }

    static Subscription subscription(String topic, String endpoint) {
        Subscription s = new Subscription();
        s.setStatus(Subscription.SubscriptionStatus.REQUESTED);
        s.setReason("EHR inbox of red-flag calls");
        s.setCriteria(topic);
        s.getChannel().setType(SubscriptionChannelType.RESTHOOK).setEndpoint(endpoint).setPayload(FHIR);
        s.getChannel().getPayloadElement().addExtension(Backport.EXT_PAYLOAD_CONTENT, new CodeType(Backport.ID_ONLY));
        return s;
    }

    static String encode(Subscription s) {
        return FhirContextProducer.context().newJsonParser().encodeResourceToString(s);
    }

    static Response post(String body, String authorization) {
        return given().header("Authorization", authorization).contentType(FHIR).body(body).post("/fhir/Subscription");
    }

    /** Creates {@code s} as the default ehr client and answers its id. */
    static String create(Subscription s) {
        return create(s, bearer("ehr"));
    }

    static String create(Subscription s, String authorization) {
        return post(encode(s), authorization).then().statusCode(201).extract().path("id");
    }

    /** Creates a subscription to {@code topic} posting to a fresh path, waits for its handshake; answers id and path. */
    static String[] active(Subscription s) throws InterruptedException {
        String id = create(s);
        String path = s.getChannel().getEndpoint().substring(s.getChannel().getEndpoint().indexOf("/hook"));
        receiver.await(path, r -> Backport.HANDSHAKE.equals(r.type()) && r.accepted(), WAIT);
        awaitStatus(id, "active");
        return new String[] {id, path};
    }

    static String hook() {
        return "/hook/" + UUID.randomUUID();
    }

    static JsonPath read(String id, String authorization) {
        return given().header("Authorization", authorization).get("/fhir/Subscription/" + id)
                .then().statusCode(200).contentType(FHIR).extract().jsonPath();
    }

    static void awaitStatus(String id, String status) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String seen = null;
        while (System.nanoTime() < deadline) {
            seen = read(id, bearer("ehr")).getString("status");
            if (status.equals(seen)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Subscription " + id + " is " + seen + ", not " + status);
    }

    static Parameters statusOf(String id) {
        String body = given().header("Authorization", bearer("ehr")).get("/fhir/Subscription/" + id + "/$status")
                .then().statusCode(200).contentType(FHIR).extract().asString();
        Bundle bundle = FhirContextProducer.context().newJsonParser().parseResource(Bundle.class, body);
        assertEquals(Bundle.BundleType.SEARCHSET, bundle.getType());
        assertEquals(1, bundle.getTotal());
        return (Parameters) bundle.getEntryFirstRep().getResource();
    }

    static String value(Parameters p, String name) {
        return p.getParameter(name) == null ? null : p.getParameter(name).getValue().primitiveValue();
    }

    static List<Event> accepted(String path) {
        return receiver.on(path).stream().filter(Received::accepted)
                .filter(r -> Backport.EVENT_NOTIFICATION.equals(r.type()))
                .flatMap(r -> r.events().stream()).toList();
    }

    static List<Event> awaitEvents(String path, int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Event> events = accepted(path);
            if (events.size() >= n) {
                return events;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + n + " events on " + path + ": " + accepted(path));
    }

    static String focus(String id) {
        return "/fhir/Communication/" + id;
    }

    long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong(0);
    }

    @Test
    void aNewSubscriptionIsRequestedThenActiveAfterItsHandshake() throws Exception {
        String path = hook();
        Subscription s = subscription(CREATED, receiver.url(path));
        s.getChannel().addHeader("Authorization: Bearer ehr-inbox-secret");
        Response created = post(encode(s), bearer("ehr"));
        created.then().statusCode(201).contentType(FHIR)
                .header("Location", containsString("/fhir/Subscription/"))
                .body("resourceType", equalTo("Subscription"))
                .body("status", equalTo("requested"))
                .body("criteria", equalTo(CREATED))
                .body("channel.endpoint", equalTo(receiver.url(path)));
        String id = created.path("id");

        Received handshake = receiver.await(path, r -> Backport.HANDSHAKE.equals(r.type()), WAIT);
        assertTrue(handshake.accepted());
        assertEquals(Bundle.BundleType.HISTORY, handshake.bundle().getType());
        assertTrue(handshake.bundle().getMeta().hasProfile(Backport.PROFILE_NOTIFICATION));
        assertTrue(handshake.status().getMeta().hasProfile(Backport.PROFILE_STATUS));
        assertTrue(handshake.headers().get("content-type").startsWith(FHIR));
        assertEquals("Bearer ehr-inbox-secret", handshake.headers().get("authorization"));
        assertEquals("requested", handshake.value("status"));
        assertEquals(CREATED, handshake.value("topic"));
        assertEquals("0", handshake.value("events-since-subscription-start"));
        assertTrue(((org.hl7.fhir.r4.model.Reference) handshake.status().getParameter("subscription").getValue())
                .getReference().endsWith("/fhir/Subscription/" + id));
        assertTrue(handshake.events().isEmpty());

        awaitStatus(id, "active");
        JsonPath stored = read(id, bearer("ehr"));
        assertEquals(List.of("Authorization: [redacted]"), stored.getList("channel.header"));
        assertFalse(stored.prettify().contains("ehr-inbox-secret"));
        assertEquals(1, count("SELECT count(*) FROM audit_event WHERE entity_id = $1 AND action = 'subscription.create'"
                + " AND outcome = 'success'", id));
    }

    @Test
    void eachMatchingEventIsNotifiedOnceInOrderWithItsFocusAndNoPhi() throws Exception {
        String[] created = active(subscription(CREATED, receiver.url(hook())));
        String[] resolved = active(subscription(RESOLVED, receiver.url(hook())));

        String first = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        String second = escalate(UUID.randomUUID().toString(), TriageLevel.EMERGENCY);
        List<Event> events = awaitEvents(created[1], 2);
        assertEquals(List.of(1L, 2L), events.stream().map(Event::number).toList());
        assertTrue(events.get(0).focus().endsWith(focus(first)), events.toString());
        assertTrue(events.get(1).focus().endsWith(focus(second)), events.toString());
        for (Received r : receiver.on(created[1])) {
            assertFalse(r.body().contains("calf"), r.body());
            assertFalse(r.body().contains("leg pain"), r.body());
            assertFalse(r.body().contains("Patient/"), r.body());
            assertEquals(1, r.bundle().getEntry().size(), "id-only carries the status only");
        }
        Received notification = receiver.await(created[1], r -> Backport.EVENT_NOTIFICATION.equals(r.type()), WAIT);
        assertEquals("active", notification.value("status"));
        assertEquals(CREATED, notification.value("topic"));

        ack(first, "clinician").then().statusCode(200);
        resolve(first, "{\"outcome\": \"callback-completed\"}").then().statusCode(200);
        List<Event> done = awaitEvents(resolved[1], 1);
        assertEquals(1, done.size());
        assertEquals(1L, done.get(0).number());
        assertTrue(done.get(0).focus().endsWith(focus(first)));
        assertEquals(2, accepted(created[1]).size(), "a resolution is not an escalation-created event");
        assertEquals(0, receiver.on(resolved[1]).stream().filter(r -> r.events().stream()
                .anyMatch(e -> e.focus().endsWith(second))).count());
    }

    @Test
    void aSubscriptionGetsOnlyEventsThatOccurredAfterItWasCreated() throws Exception {
        String before = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count("SELECT count(*) FROM escalation_event WHERE escalation_id = $1 AND NOT subscriptions_matched",
                UUID.fromString(before)) > 0) {
            assertTrue(System.nanoTime() < deadline, "the matcher takes the event");
            Thread.sleep(100);
        }
        String[] sub = active(subscription(CREATED, receiver.url(hook())));
        // as if that earlier event had been committed late and not matched yet
        pool.preparedQuery("UPDATE escalation_event SET subscriptions_matched = false WHERE escalation_id = $1")
                .execute(Tuple.of(UUID.fromString(before))).await().atMost(Duration.ofSeconds(5));
        String after = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        List<Event> events = awaitEvents(sub[1], 1);
        assertEquals(1, events.size(), events.toString());
        assertTrue(events.get(0).focus().endsWith(focus(after)), events.toString());
        assertEquals(0, count("SELECT count(*) FROM escalation_event WHERE escalation_id = $1 AND NOT "
                + "subscriptions_matched", UUID.fromString(before)));
        assertEquals(1, count("SELECT count(*) FROM subscription_event WHERE subscription_id = $1",
                UUID.fromString(sub[0])));
    }

    @Test
    void thePriorityFilterIsRespected() throws Exception {
        Subscription s = subscription(CREATED, receiver.url(hook()));
        s.getCriteriaElement().addExtension(Backport.EXT_FILTER_CRITERIA, new StringType("Communication?priority=stat"));
        String[] stat = active(s);
        String[] any = active(subscription(CREATED, receiver.url(hook())));

        String asap = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        String emergency = escalate(UUID.randomUUID().toString(), TriageLevel.EMERGENCY);
        List<Event> events = awaitEvents(stat[1], 1);
        assertEquals(1, events.size(), events.toString());
        assertEquals(1L, events.get(0).number());
        assertTrue(events.get(0).focus().endsWith(focus(emergency)));
        List<Event> all = awaitEvents(any[1], 2);
        assertTrue(all.get(0).focus().endsWith(focus(asap)));
        assertEquals(List.of("Communication?priority=stat"),
                read(stat[0], bearer("ehr")).getList("_criteria.extension.valueString"));
    }

    @Test
    void fullResourceNotificationsCarryTheCommunicationAndTheTask() throws Exception {
        Subscription s = subscription(CREATED, receiver.url(hook()));
        s.getChannel().getPayloadElement().getExtension().clear();
        s.getChannel().getPayloadElement().addExtension(Backport.EXT_PAYLOAD_CONTENT,
                new CodeType(Backport.FULL_RESOURCE));
        String[] full = active(s);
        String id = escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        awaitEvents(full[1], 1);
        Received r = receiver.await(full[1], x -> Backport.EVENT_NOTIFICATION.equals(x.type()), WAIT);
        List<Bundle.BundleEntryComponent> entries = r.bundle().getEntry();
        assertEquals(3, entries.size());
        Communication communication = (Communication) entries.get(1).getResource();
        assertEquals(id, communication.getIdElement().getIdPart());
        assertEquals(Bundle.HTTPVerb.POST, entries.get(1).getRequest().getMethod());
        assertTrue(entries.get(1).getFullUrl().endsWith(focus(id)));
        Task task = (Task) entries.get(2).getResource();
        assertEquals(Task.TaskStatus.REQUESTED, task.getStatus());
        assertEquals("GET", entries.get(0).getRequest().getMethod().toCode());
        assertEquals("200", entries.get(0).getResponse().getStatus());
    }

    @Test
    void whileTheReceiverIsDownNothingIsDroppedAndEverythingArrivesInOrder() throws Exception {
        String[] one = active(subscription(CREATED, receiver.url(hook())));
        Subscription batched = subscription(CREATED, receiver.url(hook()));
        batched.getChannel().addExtension(Backport.EXT_MAX_COUNT, new PositiveIntType(10));
        String[] many = active(batched);
        receiver.answer(one[1], 503);
        receiver.answer(many[1], 500);

        List<String> ids = List.of(escalate(UUID.randomUUID().toString(), TriageLevel.URGENT),
                escalate(UUID.randomUUID().toString(), TriageLevel.EMERGENCY),
                escalate(UUID.randomUUID().toString(), TriageLevel.URGENT));
        long deadline = System.nanoTime() + WAIT.toNanos();
        Parameters status = statusOf(one[0]);
        while (!("3".equals(value(status, "undelivered-events")) && status.getParameter("error") != null)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = statusOf(one[0]);
        }
        // failing, retried, but not given up: status error only after error-after (2 minutes in tests)
        assertEquals("active", value(status, "status"));
        assertEquals("HTTP 503", read(one[0], bearer("ehr")).getString("error"));
        assertEquals("3", value(status, "undelivered-events"));
        assertEquals("3", value(status, "events-since-subscription-start"));
        assertTrue(Integer.parseInt(value(status, "error-count")) >= 1);
        assertEquals("HTTP 503", ((org.hl7.fhir.r4.model.CodeableConcept) status.getParameter("error").getValue())
                .getText());

        // then not even listening (connection refused) until a delivery attempt has failed so, then back: once
        // the receiver is stopped no more 5xx can be answered, so an error count above them is a refused connection
        receiver.stop();
        long fiveXx = receiver.on(one[1]).stream().filter(r -> !r.accepted()).count();
        long refusedBy = System.nanoTime() + WAIT.toNanos();
        while (Integer.parseInt(value(statusOf(one[0]), "error-count")) <= fiveXx && System.nanoTime() < refusedBy) {
            Thread.sleep(100);
        }
        receiver.answer(one[1], 200);
        receiver.answer(many[1], 200);
        receiver.restart();

        List<Event> delivered = awaitEvents(one[1], 3);
        assertEquals(List.of(1L, 2L, 3L), delivered.stream().map(Event::number).toList());
        for (int i = 0; i < 3; i++) {
            assertTrue(delivered.get(i).focus().endsWith(focus(ids.get(i))), delivered.toString());
        }
        List<Received> refused = receiver.on(one[1]).stream().filter(r -> !r.accepted()).toList();
        assertTrue(refused.size() >= 1, "refused at least once");
        // event 2 was never sent before event 1 was accepted
        assertTrue(refused.stream().allMatch(r -> r.events().equals(List.of(delivered.get(0)))), refused.stream()
                .map(Received::events).toList().toString());

        List<Event> batch = awaitEvents(many[1], 3);
        assertEquals(List.of(1L, 2L, 3L), batch.stream().map(Event::number).toList());
        assertTrue(receiver.on(many[1]).stream().anyMatch(r -> r.accepted() && r.events().size() > 1),
                "max-count lets one notification carry several events");

        awaitStatus(one[0], "active");
        Parameters after = statusOf(one[0]);
        assertEquals("0", value(after, "undelivered-events"));
        assertEquals(null, after.getParameter("error"));
        // the 5xx answers and the refused connections while it was not listening
        assertTrue(Integer.parseInt(value(after, "error-count")) >= refused.size() + 1, after.toString());
    }

    @Test
    void anIdleSubscriptionGetsHeartbeatsOnlyWhenItAskedForThem() throws Exception {
        Subscription s = subscription(CREATED, receiver.url(hook()));
        s.getChannel().addExtension(Backport.EXT_HEARTBEAT_PERIOD, new UnsignedIntType(1));
        String[] beating = active(s);
        String[] quiet = active(subscription(CREATED, receiver.url(hook())));
        Received heartbeat = receiver.await(beating[1], r -> Backport.HEARTBEAT.equals(r.type()), WAIT);
        assertEquals("active", heartbeat.value("status"));
        assertTrue(heartbeat.events().isEmpty());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (receiver.on(beating[1]).stream().filter(r -> Backport.HEARTBEAT.equals(r.type())).count() < 2) {
            assertTrue(System.nanoTime() < deadline, "a second heartbeat");
            Thread.sleep(100);
        }
        assertEquals(List.of(Backport.HANDSHAKE), receiver.on(quiet[1]).stream().map(Received::type).toList());
    }

    @Test
    void statusAndEventsReplayWhatWasSent() throws Exception {
        String[] sub = active(subscription(CREATED, receiver.url(hook())));
        List<String> ids = List.of(escalate(UUID.randomUUID().toString(), TriageLevel.URGENT),
                escalate(UUID.randomUUID().toString(), TriageLevel.URGENT),
                escalate(UUID.randomUUID().toString(), TriageLevel.EMERGENCY));
        awaitEvents(sub[1], 3);

        Parameters status = statusOf(sub[0]);
        assertEquals(Backport.QUERY_STATUS, value(status, "type"));
        assertEquals("active", value(status, "status"));
        assertEquals("3", value(status, "events-since-subscription-start"));
        assertEquals("0", value(status, "error-count"));
        assertEquals("0", value(status, "undelivered-events"));
        assertEquals(CREATED, value(status, "topic"));

        Bundle replay = events(sub[0], "?eventsSinceNumber=2&eventsUntilNumber=3");
        assertEquals(Bundle.BundleType.HISTORY, replay.getType());
        Parameters query = (Parameters) replay.getEntryFirstRep().getResource();
        assertEquals(Backport.QUERY_EVENT, value(query, "type"));
        List<Event> events = FhirReceiver.events(replay);
        assertEquals(List.of(2L, 3L), events.stream().map(Event::number).toList());
        assertTrue(events.get(0).focus().endsWith(focus(ids.get(1))));
        assertTrue(events.get(1).focus().endsWith(focus(ids.get(2))));
        assertEquals(1, replay.getEntry().size());

        assertEquals(List.of(1L, 2L, 3L), FhirReceiver.events(events(sub[0], "")).stream().map(Event::number)
                .toList());
        assertEquals(List.of(), FhirReceiver.events(events(sub[0], "?eventsSinceNumber=4")));

        Bundle full = events(sub[0], "?eventsSinceNumber=1&eventsUntilNumber=1&content=full-resource");
        assertEquals(3, full.getEntry().size());
        assertEquals(ids.get(0), full.getEntry().get(1).getResource().getIdElement().getIdPart());
        assertEquals("Task", full.getEntry().get(2).getResource().fhirType());
        Parameters empty = (Parameters) events(sub[0], "?content=empty").getEntryFirstRep().getResource();
        List<Event> emptied = FhirReceiver.events(events(sub[0], "?content=empty"));
        assertEquals(3, emptied.size());
        assertTrue(emptied.stream().allMatch(e -> e.focus() == null));
        assertEquals(null, value(empty, "topic"));
    }

    Bundle events(String id, String query) {
        String body = given().header("Authorization", bearer("ehr"))
                .get("/fhir/Subscription/" + id + "/$events" + query)
                .then().statusCode(200).contentType(FHIR).extract().asString();
        return FhirContextProducer.context().newJsonParser().parseResource(Bundle.class, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"?eventsSinceNumber=0", "?eventsSinceNumber=two", "?eventsSinceNumber=3&eventsUntilNumber=2",
        "?content=everything"})
    void badEventsParametersAre400(String query) {
        String id = create(subscription(CREATED, receiver.url(hook())));
        given().header("Authorization", bearer("ehr")).get("/fhir/Subscription/" + id + "/$events" + query)
                .then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
    }

    static Stream<Arguments> invalidSubscriptions() {
        return Stream.of(
                invalid("unknown-topic", s -> s.setCriteria(Backport.IG + "/SubscriptionTopic/nothing")),
                invalid("unknown-topic", s -> s.setCriteria(null)),
                invalid("unsupported-channel", s -> s.getChannel().setType(SubscriptionChannelType.WEBSOCKET)),
                invalid("invalid-endpoint", s -> s.getChannel().setEndpoint("ftp://127.0.0.1/hook")),
                invalid("invalid-endpoint", s -> s.getChannel().setEndpoint("http://user:secret@127.0.0.1/hook")),
                invalid("invalid-endpoint", s -> s.getChannel().setEndpoint("/relative/hook")),
                invalid("invalid-endpoint", s -> s.getChannel().setEndpoint(null)),
                invalid("unsupported-payload", s -> s.getChannel().setPayload("application/xml")),
                invalid("unsupported-payload-content", s -> s.getChannel().getPayloadElement().getExtension().get(0)
                        .setValue(new CodeType("everything"))),
                invalid("invalid-heartbeat-period", s -> s.getChannel().addExtension(Backport.EXT_HEARTBEAT_PERIOD,
                        new UnsignedIntType(0))),
                invalid("invalid-heartbeat-period", s -> s.getChannel().addExtension(Backport.EXT_HEARTBEAT_PERIOD,
                        new UnsignedIntType(10_000_000))),
                invalid("invalid-timeout", s -> s.getChannel().addExtension(Backport.EXT_TIMEOUT,
                        new UnsignedIntType(3600))),
                invalid("invalid-max-count", s -> s.getChannel().addExtension(Backport.EXT_MAX_COUNT,
                        new PositiveIntType(5000))),
                invalid("unsupported-extension", s -> s.getChannel().addExtension("https://example.org/x",
                        new StringType("y"))),
                invalid("invalid-filter", s -> s.getCriteriaElement().addExtension(Backport.EXT_FILTER_CRITERIA,
                        new StringType("Patient?priority=stat"))),
                invalid("unsupported-filter", s -> s.getCriteriaElement().addExtension(Backport.EXT_FILTER_CRITERIA,
                        new StringType("Communication?status=completed"))),
                invalid("invalid-filter", s -> s.getCriteriaElement().addExtension(Backport.EXT_FILTER_CRITERIA,
                        new StringType("Communication?priority=whenever"))),
                invalid("invalid-filter", s -> {
                    s.getCriteriaElement().addExtension(Backport.EXT_FILTER_CRITERIA,
                            new StringType("Communication?priority=stat"));
                    s.getCriteriaElement().addExtension(Backport.EXT_FILTER_CRITERIA,
                            new StringType("Communication?priority=asap"));
                }),
                invalid("end-not-supported", s -> s.setEnd(new java.util.Date())),
                invalid("invalid-status", s -> s.setStatus(Subscription.SubscriptionStatus.OFF)),
                invalid("invalid-header", s -> s.getChannel().addHeader("Host: evil.example")),
                invalid("invalid-header", s -> s.getChannel().addHeader("no colon here")),
                invalid("invalid-header", s -> s.getChannel().addHeader("X-Token: a\nX-Other: b")));
    }

    static Arguments invalid(String code, Consumer<Subscription> change) {
        return Arguments.of(code, change);
    }

    @ParameterizedTest
    @MethodSource("invalidSubscriptions")
    void anUnsupportedSubscriptionIs422AndStoresNothing(String code, Consumer<Subscription> change) {
        Subscription s = subscription(CREATED, receiver.url(hook()));
        change.accept(s);
        long before = count("SELECT count(*) FROM subscription");
        post(encode(s), bearer("ehr")).then().statusCode(422).contentType(FHIR)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].details.coding[0].code", equalTo(code));
        assertEquals(before, count("SELECT count(*) FROM subscription"));
    }

    @Test
    void aSubscriptionThatIsNotValidR4Is422WithTheValidatorsIssues() {
        Subscription s = subscription(CREATED, receiver.url(hook()));
        s.setReason(null); // Subscription.reason is 1..1 in R4
        long before = count("SELECT count(*) FROM subscription");
        post(encode(s), bearer("ehr")).then().statusCode(422).contentType(FHIR)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue.severity", org.hamcrest.Matchers.hasItem("error"))
                .body("issue.expression.flatten()", org.hamcrest.Matchers.hasItem(
                        org.hamcrest.Matchers.containsString("Subscription")));
        assertEquals(before, count("SELECT count(*) FROM subscription"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "{\"resourceType\": \"Patient\"}",
        "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"bogus\": 1}",
        "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"criteria\": \"x\", \"channel\": {\"type\": \"pigeon\"}}",
        // HAPI takes a lone value for a list, ignores unknown keys of _element and drops {}
        "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"channel\": {\"type\": \"rest-hook\", \"header\": \"A: b\"}}",
        "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"criteria\": \"x\", \"_criteria\": {\"bogus\": 1}}",
        "{\"resourceType\": \"Subscription\", \"status\": {}}"})
    void malformedSubscriptionsAre400AndStoreNothing(String body) {
        long before = count("SELECT count(*) FROM subscription");
        post(body, bearer("ehr")).then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
        assertEquals(before, count("SELECT count(*) FROM subscription"));
    }

    @Test
    void onlyEhrClientsCreateAndOnlyTheOwnerSeesOne() throws Exception {
        String body = encode(subscription(CREATED, receiver.url(hook())));
        long before = count("SELECT count(*) FROM subscription");
        // supervisors have the console, not a webhook
        for (String role : List.of("agent", "clinician", "service", "auditor", "supervisor")) {
            post(body, bearer(role)).then().statusCode(403).body("resourceType", equalTo("OperationOutcome"));
        }
        given().contentType(FHIR).body(body).post("/fhir/Subscription").then().statusCode(401);
        assertEquals(before, count("SELECT count(*) FROM subscription"));

        String owner = TestTokens.bearer("ehr", "ehr-client-a");
        String other = TestTokens.bearer("ehr", "ehr-client-b");
        String path = hook();
        String id = create(subscription(CREATED, receiver.url(path)), owner);
        read(id, owner);
        given().header("Authorization", bearer("supervisor")).get("/fhir/Subscription/" + id).then().statusCode(403);
        given().header("Authorization", other).get("/fhir/Subscription/" + id).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        given().header("Authorization", other).get("/fhir/Subscription/" + id + "/$status").then().statusCode(404);
        given().header("Authorization", other).get("/fhir/Subscription/" + id + "/$events").then().statusCode(404);
        given().header("Authorization", other).delete("/fhir/Subscription/" + id).then().statusCode(404);
        given().header("Authorization", bearer("clinician")).get("/fhir/Subscription/" + id).then().statusCode(403);
        assertEquals(0, count("SELECT count(*) FROM subscription WHERE id = $1 AND status = 'off'", UUID.fromString(id)));
        assertTrue(count("SELECT count(*) FROM audit_event WHERE entity_id = $1 AND outcome = 'refused'"
                + " AND actor = 'ehr-client-b'", id) >= 1);
        receiver.await(path, r -> Backport.HANDSHAKE.equals(r.type()), WAIT);

        given().header("Authorization", owner).delete("/fhir/Subscription/" + id).then().statusCode(204);
        given().header("Authorization", owner).get("/fhir/Subscription/" + id).then().statusCode(410)
                .body("resourceType", equalTo("OperationOutcome"));
        given().header("Authorization", owner).delete("/fhir/Subscription/" + id).then().statusCode(204);
        assertEquals(1, count("SELECT count(*) FROM audit_event WHERE entity_id = $1 AND action = 'subscription.delete'"
                + " AND outcome = 'success'", id));

        // a deleted subscription gets nothing more: a live one receives the next escalation, it does not
        String[] live = active(subscription(CREATED, receiver.url(hook())));
        escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        awaitEvents(live[1], 1);
        assertEquals(List.of(Backport.HANDSHAKE), receiver.on(path).stream().map(Received::type).toList());
    }

    static Stream<String> internalEndpoints() {
        return Stream.of("http://127.0.0.1:8082/fhir", "http://localhost:55432/", "http://[::1]:8082/x",
                "http://0.0.0.0:8082/", "http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/",
                "http://[::ffff:127.0.0.1]:8082/", "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/",
                "http://10.1.2.3/hook", "http://172.16.5.4/hook", "http://192.168.0.10/hook", "http://[fd00::1]/hook",
                "http://100.64.0.1/hook");
    }

    /** Issue 23 item 7: no endpoint on loopback, link-local, private or special addresses, however written. */
    @ParameterizedTest
    @MethodSource("internalEndpoints")
    void anEndpointOnAnInternalAddressIs422AndNothingIsStored(String endpoint) {
        long before = count("SELECT count(*) FROM subscription");
        post(encode(subscription(CREATED, endpoint)), bearer("ehr")).then().statusCode(422).contentType(FHIR)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].details.coding[0].code", org.hamcrest.Matchers.oneOf("forbidden-endpoint",
                        "invalid-endpoint"));
        assertEquals(before, count("SELECT count(*) FROM subscription"));
    }

    @Test
    void aLoopbackEndpointOffTheClientsAllowListIsRefusedAndNeverPosted() throws Exception {
        // the receiver is on test-ehr's allow-list under /hook/ only, and not on ehr-client-b's at all
        String elsewhere = "/elsewhere/" + UUID.randomUUID();
        post(encode(subscription(CREATED, receiver.url(elsewhere))), bearer("ehr")).then().statusCode(422)
                .body("issue[0].details.coding[0].code", equalTo("forbidden-endpoint"))
                .body("issue[0].diagnostics", containsString("loopback"));
        String path = hook();
        post(encode(subscription(CREATED, receiver.url(path))), TestTokens.bearer("ehr", "ehr-client-b"))
                .then().statusCode(422).body("issue[0].details.coding[0].code", equalTo("forbidden-endpoint"));
        post(encode(subscription(CREATED, receiver.url("/hook/../elsewhere/x"))), bearer("ehr")).then()
                .statusCode(422);
        Thread.sleep(1500);
        assertEquals(List.of(), receiver.on(elsewhere));
        assertEquals(List.of(), receiver.on(path));
        assertTrue(count("SELECT count(*) FROM audit_event WHERE action = 'subscription.create' AND outcome = "
                + "'refused' AND code = 'forbidden-endpoint' AND actor = 'ehr-client-b'") >= 1);
    }

    @Test
    void theEndpointIsCheckedAgainBeforeEveryDelivery() throws Exception {
        String[] sub = active(subscription(CREATED, receiver.url(hook())));
        // as if the allow-list had lost the entry, or the name now resolved to loopback
        String elsewhere = "/elsewhere/" + UUID.randomUUID();
        pool.preparedQuery("UPDATE subscription SET endpoint = $2 WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(sub[0]), receiver.url(elsewhere))).await().atMost(WAIT);
        escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!"endpoint-refused: loopback".equals(read(sub[0], bearer("ehr")).getString("error"))) {
            assertTrue(System.nanoTime() < deadline, "the delivery is refused");
            Thread.sleep(100);
        }
        assertEquals(List.of(), receiver.on(elsewhere));
    }

    /** Issue 23 item 8: full-resource (the caller's words) only to an endpoint on the client's allow-list. */
    @Test
    void fullResourceOffTheAllowListIs422() {
        Subscription s = subscription(CREATED, "https://ehr-b.example.org/hook");
        s.getChannel().getPayloadElement().getExtension().get(0).setValue(new CodeType(Backport.FULL_RESOURCE));
        long before = count("SELECT count(*) FROM subscription");
        post(encode(s), TestTokens.bearer("ehr", "ehr-client-b")).then().statusCode(422).contentType(FHIR)
                .body("issue[0].details.coding[0].code", equalTo("full-resource-not-allowed"))
                .body("issue[0].diagnostics", containsString("allow-list"));
        assertEquals(before, count("SELECT count(*) FROM subscription"));
    }

    @Test
    void secretsInTheEndpointsQueryAreRedactedWhenItIsShown() throws Exception {
        String path = hook();
        String id = create(subscription(CREATED, receiver.url(path) + "?token=s3cret-value&tenant=7&flag"));
        String shown = read(id, bearer("ehr")).getString("channel.endpoint");
        assertEquals(receiver.url(path) + "?token=[redacted]&tenant=[redacted]&[redacted]", shown);
        String created = post(encode(subscription(CREATED, receiver.url(hook()) + "?key=abc123")), bearer("ehr"))
                .then().statusCode(201).extract().asString();
        assertFalse(created.contains("abc123"), created);
        receiver.await(path, r -> Backport.HANDSHAKE.equals(r.type()), WAIT);
    }

    /** Issue 23 item 9: at most max-per-client (10) subscriptions per client that are not deleted. */
    @Test
    void aClientOverItsCapIs409AndNothingIsStored() {
        String first = null;
        for (int i = 0; i < 10; i++) {
            String id = create(subscription(CREATED, receiver.url(hook())));
            first = first == null ? id : first;
        }
        long before = count("SELECT count(*) FROM subscription");
        post(encode(subscription(CREATED, receiver.url(hook()))), bearer("ehr")).then().statusCode(409)
                .contentType(FHIR).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].details.coding[0].code", equalTo("too-many-subscriptions"));
        assertEquals(before, count("SELECT count(*) FROM subscription"));
        // another client is not held back, and a deleted subscription frees its place
        create(subscription(CREATED, receiver.url(hook())), TestTokens.bearer("ehr", "ehr-client-a"));
        given().header("Authorization", bearer("ehr")).delete("/fhir/Subscription/" + first).then().statusCode(204);
        create(subscription(CREATED, receiver.url(hook())));
    }

    /** Issue 23 item 9: an endpoint failing longer than error-after makes the subscription error, not retried. */
    @Test
    void aSubscriptionFailingLongerThanErrorAfterIsErrorAndNoLongerTried() throws Exception {
        String[] sub = active(subscription(CREATED, receiver.url(hook())));
        receiver.answer(sub[1], 503);
        escalate(UUID.randomUUID().toString(), TriageLevel.URGENT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (receiver.on(sub[1]).stream().noneMatch(r -> !r.accepted())) {
            assertTrue(System.nanoTime() < deadline, "a failed attempt");
            Thread.sleep(100);
        }
        assertEquals("active", read(sub[0], bearer("ehr")).getString("status"), "retried while within the bound");
        // as if it had been failing for longer than error-after (2 minutes in tests)
        pool.preparedQuery("UPDATE subscription SET failing_since = now() - interval '3 minutes' WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(sub[0]))).await().atMost(WAIT);
        awaitStatus(sub[0], "error");
        Parameters status = statusOf(sub[0]);
        assertEquals("error", value(status, "status"));
        assertEquals("1", value(status, "undelivered-events"));
        assertEquals("HTTP 503", ((org.hl7.fhir.r4.model.CodeableConcept) status.getParameter("error").getValue())
                .getText());
        long attempts = receiver.on(sub[1]).size();
        receiver.answer(sub[1], 200);
        Thread.sleep(3000);
        assertEquals(attempts, receiver.on(sub[1]).size(), "no attempt after giving up");
        assertEquals("error", read(sub[0], bearer("ehr")).getString("status"));
        assertEquals(1, FhirReceiver.events(events(sub[0], "")).size(), "its events stay readable");
    }

    /**
     * Issue 23 item 9: a slow endpoint holds only its own deliveries (a bulkhead per endpoint origin). The event
     * is sent while the slow endpoint's retries (the scheduled runs' work, not the first attempts a creation
     * starts) are in flight: a run that waited for them would hold it for their timeout (10 s).
     */
    @Test
    void aSlowEndpointDoesNotDelayAnotherOne() throws Exception {
        FhirReceiver slow = Receivers.other;
        slow.delay(Duration.ofSeconds(30));
        try {
            String client = TestTokens.bearer("ehr", "ehr-client-a");
            for (int i = 0; i < 10; i++) {
                create(subscription(CREATED, slow.url(hook())), client);
            }
            String[] fast = active(subscription(CREATED, receiver.url(hook())));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (count("SELECT count(*) FROM subscription WHERE owner = 'ehr-client-a' AND status <> 'off'"
                    + " AND error_count > 0") == 0) {
                assertTrue(System.nanoTime() < deadline, "a first attempt at the slow endpoint timed out");
                Thread.sleep(100);
            }
            Thread.sleep(1500); // the retries are under way
            long started = System.nanoTime();
            String id = escalate(UUID.randomUUID().toString(), TriageLevel.EMERGENCY);
            List<Event> events = awaitEvents(fast[1], 1);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(events.get(0).focus().endsWith(focus(id)));
            assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "the stat event took " + took);
        } finally {
            slow.delay(Duration.ZERO);
        }
    }

    @Test
    void unknownAndMalformedIdsAre404And400() {
        given().header("Authorization", bearer("ehr")).get("/fhir/Subscription/" + UUID.randomUUID())
                .then().statusCode(404).body("resourceType", equalTo("OperationOutcome"));
        given().header("Authorization", bearer("ehr")).get("/fhir/Subscription/nope")
                .then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void theCapabilityStatementAdvertisesSubscriptionsAndTheirTopics() {
        given().get("/fhir/metadata").then().statusCode(200)
                .body("rest[0].resource.find { it.type == 'Subscription' }.interaction.code",
                        org.hamcrest.Matchers.containsInAnyOrder("create", "read", "delete"))
                .body("rest[0].resource.find { it.type == 'Subscription' }.operation.name",
                        org.hamcrest.Matchers.containsInAnyOrder("status", "events"))
                .body("rest[0].resource.find { it.type == 'Subscription' }.extension.findAll { it.url == '"
                        + Backport.EXT_TOPIC_CANONICAL + "' }.valueCanonical",
                        org.hamcrest.Matchers.containsInAnyOrder(CREATED, RESOLVED))
                .body("rest[0].resource.find { it.type == 'Subscription' }.supportedProfile",
                        hasItem(Backport.PROFILE_SUBSCRIPTION))
                .body("rest[0].resource.find { it.type == 'Communication' }.searchParam.name",
                        org.hamcrest.Matchers.containsInAnyOrder("encounter", "subject", "status"));
    }
}
