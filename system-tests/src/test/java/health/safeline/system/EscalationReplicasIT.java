package health.safeline.system;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.system.Suite.Service;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two escalation-service processes on one database with a short stat policy (two tiers, no repeat, so every
 * escalation misses exactly two deadlines and then rests with its fallback due): each deadline fires once,
 * across replicas and across a crash of both.
 */
@TestMethodOrder(OrderAnnotation.class)
class EscalationReplicasIT {

    static final Suite SUITE = new Suite();
    static final String A = "escalation-service-a";
    static final String B = "escalation-service-b";
    static final int PORT_A = 18085 + Suite.PORT_SHIFT;
    static final int PORT_B = 18086 + Suite.PORT_SHIFT;
    static final Map<String, String> POLICY = Map.of(
            "safeline.escalation.policy.stat.ack-deadline", "3S",
            "safeline.escalation.policy.stat.tiers", "on-call-clinician,supervising-physician",
            "safeline.escalation.policy.stat.repeat", "0",
            "safeline.escalation.deadline-check-every", "200ms");
    static final Pattern ACK_BREACHES = Pattern.compile(
            "safeline_escalation_deadline_breaches_total\\{deadline=\"acknowledge\"[^}]*} ([0-9.E]+)");

    @BeforeAll
    static void start() throws Exception {
        SUITE.start(Service.ESCALATION, A, PORT_A, POLICY);
        SUITE.start(Service.ESCALATION, B, PORT_B, POLICY);
        SUITE.awaitReady(A, PORT_A);
        SUITE.awaitReady(B, PORT_B);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        SUITE.stopAll();
    }

    static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    static String alert(String id) {
        return """
                {"resourceType": "Communication", "id": "%1$s",
                 "extension": [{"url": "https://safeline.health/fhir/StructureDefinition/triage-level", "valueCode": "emergency"}],
                 "identifier": [{"system": "https://safeline.health/fhir/NamingSystem/communication", "value": "%1$s"}],
                 "status": "completed", "priority": "stat",
                 "subject": {"reference": "Patient/%2$s"}, "encounter": {"reference": "Encounter/%3$s"},
                 "payload": [{"contentString": "Reason for call: chest pain"}]}"""
                .formatted(id, UUID.randomUUID(), UUID.randomUUID());
    }

    static int deliver(int port, String body) {
        return given().baseUri(url(port)).header("Authorization", bearer("service"))
                .contentType("application/fhir+json").body(body).post("/fhir/Communication").statusCode();
    }

    /** Delivers {@code n} alerts, each to both replicas at once; answers their ids. */
    static List<String> deliverToBoth(int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<String> ids = new ArrayList<>();
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = UUID.randomUUID().toString();
                String body = alert(id);
                ids.add(id);
                answers.add(pool.submit((Callable<Integer>) () -> deliver(PORT_A, body)));
                answers.add(pool.submit((Callable<Integer>) () -> deliver(PORT_B, body)));
            }
            for (int i = 0; i < answers.size(); i += 2) {
                List<Integer> pair = List.of(answers.get(i).get(), answers.get(i + 1).get());
                assertTrue(pair.contains(201) && pair.contains(200), "one creation and one duplicate: " + pair);
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The deadline-breach audit records of an escalation, as codes in order. */
    static List<String> breaches(int port, String id) {
        JsonPath trail = given().baseUri(url(port)).header("Authorization", bearer("auditor"))
                .queryParam("entity", id).queryParam("_count", 200).get("/fhir/AuditEvent")
                .then().statusCode(200).extract().jsonPath();
        List<String> codes = new ArrayList<>();
        int n = trail.getList("entry").size();
        for (int i = n - 1; i >= 0; i--) {
            if ("escalation.deadline-breached".equals(trail.getString("entry[" + i + "].resource.subtype[0].code"))) {
                codes.add(trail.getString("entry[" + i + "].resource.outcomeDesc"));
            }
        }
        return codes;
    }

    static JsonPath escalation(int port, String id) {
        return given().baseUri(url(port)).header("Authorization", bearer("supervisor"))
                .get("/api/v1/escalations/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until every escalation has its fallback due (both deadlines missed). */
    static void awaitFallbacks(int port, List<String> ids, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (String id : ids) {
            while (escalation(port, id).getString("fallback") == null) {
                assertTrue(System.nanoTime() < deadline, "escalation " + id + " still waits for a deadline");
                Thread.sleep(250);
            }
        }
    }

    static double ackBreachesCounted(int port) {
        String metrics = given().baseUri(url(port)).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = ACK_BREACHES.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    @Order(1)
    void twoReplicasCreateEachEscalationOnceAndFireEachDeadlineOnce() throws Exception {
        double before = ackBreachesCounted(PORT_A) + ackBreachesCounted(PORT_B);
        List<String> ids = deliverToBoth(20);
        awaitFallbacks(PORT_A, ids, Duration.ofSeconds(60));
        for (String id : ids) {
            assertEquals(List.of("tier-2", "fallback"), breaches(PORT_B, id), "escalation " + id);
            JsonPath e = escalation(PORT_B, id);
            assertEquals(2, e.getInt("tier"));
            assertEquals("triggered", e.getString("status"));
        }
        double a = ackBreachesCounted(PORT_A);
        double b = ackBreachesCounted(PORT_B);
        // every missed deadline was applied by exactly one replica (counters include earlier open escalations
        // of this database only if they were due; the fresh ones alone account for 2 each)
        assertTrue(a + b - before >= 2.0 * ids.size(), "a=" + a + " b=" + b + " before=" + before);
        System.out.printf("Deadlines fired: replica A %.0f, replica B %.0f%n", a, b);
    }

    @Test
    @Order(2)
    void deadlinesThatPassWhileEveryReplicaIsDownFireOnceAfterARestart() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = UUID.randomUUID().toString();
            assertEquals(201, deliver(i % 2 == 0 ? PORT_A : PORT_B, alert(id)));
            ids.add(id);
        }
        SUITE.kill(A);
        SUITE.kill(B);
        Thread.sleep(7_000); // both deadlines (3 s each, the second counted from the first breach) would have passed
        SUITE.start(Service.ESCALATION, A, PORT_A, POLICY);
        SUITE.awaitReady(A, PORT_A);
        awaitFallbacks(PORT_A, ids, Duration.ofSeconds(30));
        for (String id : ids) {
            assertEquals(List.of("tier-2", "fallback"), breaches(PORT_A, id), "escalation " + id);
        }
        SUITE.start(Service.ESCALATION, B, PORT_B, POLICY);
        SUITE.awaitReady(B, PORT_B);
    }
}
