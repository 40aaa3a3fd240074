package health.safeline.system;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import health.safeline.shared.testing.TestTokens;
import health.safeline.system.Suite.Service;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 items 7-9 against the packaged escalation-service as a real process, with real local receivers:
 * rest-hook endpoints on loopback and internal addresses are refused and never posted to (unless on the client's
 * allow-list, configured through the environment), supervisors cannot subscribe, {@code full-resource} goes only to
 * allow-listed endpoints, 20 subscriptions to a slow endpoint do not delay another client's stat notification, and a
 * failing endpoint's subscription reaches status {@code error} after the (short, configured) bounded time.
 */
class SubscriptionSafetyIT {

    static final int OFFSET = 14000;
    static final String FHIR = "application/fhir+json";
    static final String CREATED = "https://safeline.health/fhir/SubscriptionTopic/escalation-created";
    static final String BACKPORT = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
    static final Duration ERROR_AFTER = Duration.ofSeconds(4);

    static final Receiver SLOW = new Receiver(200, Duration.ofSeconds(30));
    static final Receiver FAST = new Receiver(200, Duration.ZERO);
    static final Receiver FAILING = new Receiver(503, Duration.ZERO);
    /** On no allow-list: nothing may ever arrive here. */
    static final Receiver CANARY = new Receiver(200, Duration.ZERO);

    static final Suite SUITE = new Suite(OFFSET, "_subsafety",
            System.getenv().getOrDefault("SAFELINE_DB_HOST", "127.0.0.1"),
            Integer.parseInt(System.getenv().getOrDefault("SAFELINE_DB_PORT", "5432")))
            .environment(s -> s != Service.ESCALATION ? Map.of() : Map.of(
                    "SAFELINE_ESCALATION_SUBSCRIPTIONS_ALLOW_LIST", String.join(",",
                            "ehr-slow-1=" + SLOW.url("/"), "ehr-slow-2=" + SLOW.url("/"),
                            "ehr-fast=" + FAST.url("/inbox/"), "ehr-failing=" + FAILING.url("/")),
                    "SAFELINE_ESCALATION_SUBSCRIPTIONS_ERROR_AFTER", ERROR_AFTER.toSeconds() + "S",
                    "SAFELINE_ESCALATION_SUBSCRIPTIONS_MAX_BACKOFF", "1S"));

    @BeforeAll
    static void start() throws Exception {
        SUITE.dropDatabases();
        SUITE.createDatabases();
        SUITE.start(Service.ESCALATION);
        SUITE.awaitReady(Service.ESCALATION);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        SUITE.stopAll();
        for (Receiver r : List.of(SLOW, FAST, FAILING, CANARY)) {
            r.server.stop(0);
        }
    }

    /** A rest-hook receiver on 127.0.0.1 (and the wildcard address) that records each request's path and time. */
    static final class Receiver {
        record Hit(String path, Instant at, String body) {
        }

        final HttpServer server;
        final List<Hit> hits = new CopyOnWriteArrayList<>();

        Receiver(int status, Duration delay) {
            try {
                server = HttpServer.create(new InetSocketAddress(0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                hits.add(new Hit(exchange.getRequestURI().getPath(), Instant.now(), body));
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        String url(String path) {
            return "http://127.0.0.1:" + port() + path;
        }

        List<Hit> on(String path) {
            return hits.stream().filter(h -> h.path().equals(path)).toList();
        }
    }

    /** A signed dev token of role ehr for the client {@code client} (its subject). */
    static String ehr(String client) {
        return TestTokens.bearer("ehr", client);
    }

    static String subscription(String endpoint, String content, String filter) {
        return """
                {"resourceType": "Subscription", "status": "requested", "reason": "EHR inbox",
                 "criteria": "%s",
                 %s
                 "channel": {"type": "rest-hook", "endpoint": "%s", "payload": "application/fhir+json",
                   "_payload": {"extension": [{"url": "%sbackport-payload-content", "valueCode": "%s"}]}}}"""
                .formatted(CREATED, filter == null ? "" : """
                        "_criteria": {"extension": [{"url": "%sbackport-filter-criteria", "valueString": "%s"}]},"""
                        .formatted(BACKPORT, filter), endpoint, BACKPORT, content);
    }

    static Response post(String body, String authorization) {
        return given().baseUri(SUITE.url(Service.ESCALATION)).header("Authorization", authorization)
                .contentType(FHIR).body(body).post("/fhir/Subscription");
    }

    static String status(String id, String authorization) {
        return given().baseUri(SUITE.url(Service.ESCALATION)).header("Authorization", authorization)
                .get("/fhir/Subscription/" + id).then().statusCode(200).extract().path("status");
    }

    static long subscriptionsOf(String owner) throws Exception {
        try (var c = SUITE.jdbc(Service.ESCALATION);
                var q = c.prepareStatement("SELECT count(*) FROM subscription WHERE owner = ?")) {
            q.setString(1, owner);
            var rows = q.executeQuery();
            rows.next();
            return rows.getLong(1);
        }
    }

    static long failedSlowSubscriptions() throws Exception {
        try (var c = SUITE.jdbc(Service.ESCALATION); var q = c.createStatement()) {
            var rows = q.executeQuery("SELECT count(*) FROM subscription WHERE owner LIKE 'ehr-slow-%' AND error_count > 0");
            rows.next();
            return rows.getLong(1);
        }
    }

    /** A stat alert as triage sends it (EscalationReplicasIT's); answers its id. */
    static String alertStat() {
        String id = UUID.randomUUID().toString();
        given().baseUri(SUITE.url(Service.ESCALATION)).header("Authorization", bearer("service"))
                .contentType(FHIR).body(EscalationReplicasIT.alert(id)).post("/fhir/Communication").then()
                .statusCode(201);
        return id;
    }

    @Test
    void endpointsOnLoopbackAndInternalAddressesAreRefusedAndNothingIsPostedToThem() throws Exception {
        int canary = CANARY.port();
        int escalation = SUITE.port(Service.ESCALATION);
        List<String> endpoints = List.of("http://127.0.0.1:" + canary + "/hook", "http://localhost:" + canary + "/hook",
                "http://[::1]:" + canary + "/hook", "http://0.0.0.0:" + canary + "/hook",
                "http://[::ffff:127.0.0.1]:" + canary + "/hook", "http://2130706433:" + canary + "/hook",
                "http://0x7f.1:" + canary + "/hook", "http://127.1:" + canary + "/hook",
                "http://127.0.0.1:" + escalation + "/fhir/metadata", "http://localhost:55432/",
                "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/hook", "http://192.168.1.1/hook",
                "http://172.16.0.1/hook", "http://[fd00::1]/hook");
        InetAddress own = InetAddress.getLocalHost();
        for (String endpoint : endpoints) {
            post(subscription(endpoint, "id-only", null), ehr("ehr-prober")).then()
                    .statusCode(oneOf(400, 422)).contentType(containsString(FHIR))
                    .body("resourceType", equalTo("OperationOutcome"));
        }
        // this host's own (non-loopback) address, when it has one, is as internal as loopback
        if (!own.isLoopbackAddress()) {
            post(subscription("http://" + own.getHostAddress() + ":" + canary + "/hook", "id-only", null),
                    ehr("ehr-prober")).then().statusCode(422).body("resourceType", equalTo("OperationOutcome"));
        }
        // an allow-listed client, but outside its own prefix (another port, another path)
        post(subscription(CANARY.url("/inbox/x"), "id-only", null), ehr("ehr-fast")).then().statusCode(422)
                .body("issue[0].details.coding[0].code", equalTo("forbidden-endpoint"));
        post(subscription(FAST.url("/elsewhere"), "id-only", null), ehr("ehr-fast")).then().statusCode(422)
                .body("issue[0].details.coding[0].code", equalTo("forbidden-endpoint"));
        Thread.sleep(3000);
        assertEquals(List.of(), CANARY.hits, "nothing was posted to the internal endpoint");
        assertEquals(List.of(), FAST.on("/elsewhere"));
        assertEquals(0, subscriptionsOf("ehr-prober"), "nothing stored");
    }

    @Test
    void aSupervisorCannotSubscribe() throws Exception {
        long before = subscriptionsOf("test-supervisor");
        post(subscription(FAST.url("/inbox/supervisor"), "id-only", null), bearer("supervisor")).then()
                .statusCode(403).body("resourceType", equalTo("OperationOutcome"));
        assertEquals(before, subscriptionsOf("test-supervisor"));
    }

    @Test
    void fullResourceIsRefusedForAnEndpointOffTheClientsAllowList() throws Exception {
        post(subscription("https://ehr.example.org/safeline", "full-resource", null), ehr("ehr-unlisted")).then()
                .statusCode(422).contentType(containsString(FHIR))
                .body("issue[0].details.coding[0].code", equalTo("full-resource-not-allowed"));
        assertEquals(0, subscriptionsOf("ehr-unlisted"));
        // on the list: accepted
        post(subscription(FAST.url("/inbox/full"), "full-resource", null), ehr("ehr-fast")).then().statusCode(201);
    }

    @Test
    void twentySubscriptionsToASlowEndpointDoNotDelayAnotherClientsStatNotification() throws Exception {
        for (String client : List.of("ehr-slow-1", "ehr-slow-2")) {
            for (int i = 0; i < 10; i++) {
                post(subscription(SLOW.url("/slow/" + client + "/" + i), "id-only", null), ehr(client)).then()
                        .statusCode(201);
            }
        }
        String inbox = "/inbox/stat-" + UUID.randomUUID();
        String id = post(subscription(FAST.url(inbox), "id-only", "Communication?priority=stat"), ehr("ehr-fast"))
                .then().statusCode(201).extract().path("id");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"active".equals(status(id, ehr("ehr-fast")))) {
            assertTrue(System.nanoTime() < deadline, "the fast subscription's handshake is accepted");
            Thread.sleep(100);
        }
        // send the alert while the slow endpoint's retries are in flight (the scheduled runs' work, not the first
        // attempts each creation starts): a run that waited for them would hold it for their timeout (10 s)
        deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (failedSlowSubscriptions() == 0) {
            assertTrue(System.nanoTime() < deadline, "a first attempt at the slow endpoint timed out");
            Thread.sleep(100);
        }
        Thread.sleep(1500);
        Instant sent = Instant.now();
        String alert = alertStat();
        Receiver.Hit event = null;
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (event == null) {
            assertTrue(System.nanoTime() < deadline, "the stat notification arrives");
            event = FAST.on(inbox).stream().filter(h -> h.body().contains("event-notification")
                    && h.body().contains("Communication/" + alert)).findFirst().orElse(null);
            Thread.sleep(20);
        }
        Duration took = Duration.between(sent, event.at());
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "the stat notification took " + took);
        // and a client over its cap of 10 gets a 409
        post(subscription(SLOW.url("/slow/eleventh"), "id-only", null), ehr("ehr-slow-1")).then().statusCode(409)
                .body("issue[0].details.coding[0].code", equalTo("too-many-subscriptions"));
    }

    @Test
    void aFailingEndpointsSubscriptionIsErrorAfterTheBoundedTime() throws Exception {
        String client = ehr("ehr-failing");
        String path = "/failing/" + UUID.randomUUID();
        String id = post(subscription(FAILING.url(path), "id-only", null), client).then().statusCode(201)
                .extract().path("id");
        Instant created = Instant.now();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (FAILING.on(path).size() < 2) {
            assertTrue(System.nanoTime() < deadline, "the handshake is tried again");
            Thread.sleep(50);
        }
        if (Duration.between(created, Instant.now()).compareTo(ERROR_AFTER) < 0) {
            assertEquals("requested", status(id, client), "retried, not given up, within the bounded time");
        }
        deadline = System.nanoTime() + ERROR_AFTER.plusSeconds(15).toNanos();
        while (!"error".equals(status(id, client))) {
            assertTrue(System.nanoTime() < deadline, "status error after the bounded time");
            Thread.sleep(200);
        }
        Duration took = Duration.between(created, Instant.now());
        assertTrue(took.compareTo(ERROR_AFTER) >= 0, "not before the bounded time: " + took);
        int attempts = FAILING.on(path).size();
        Thread.sleep(3000);
        assertEquals(attempts, FAILING.on(path).size(), "no attempt after giving up");
        given().baseUri(SUITE.url(Service.ESCALATION)).header("Authorization", client)
                .get("/fhir/Subscription/" + id).then().body("error", equalTo("HTTP 503"));
    }
}
