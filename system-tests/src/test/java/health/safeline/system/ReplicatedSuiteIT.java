package health.safeline.system;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.system.Suite.Service;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two processes of every service on one database each (replica A on the suite's ports, B on 1809x, each
 * replica B calling the other B's), driven at once: no call is escalated twice, no slot is booked twice,
 * and calls taken while every triage process is down are all triaged, and escalated, once it returns.
 */
@TestMethodOrder(OrderAnnotation.class)
class ReplicatedSuiteIT {

    static final Suite SUITE = new Suite();
    static final int OFFSET_B = 10;
    static final List<String> RED_FLAGS = List.of(
            "Her left calf is swollen, red and painful since yesterday.",
            "Crushing chest pain spreading to his left arm for twenty minutes.",
            "Black tarry stools since this morning and she feels faint.",
            "Sudden weakness of the right arm and his speech is slurred.");
    static final String ROUTINE = "Needs a repeat prescription of her usual statin, no new symptoms.";

    static String nameB(Service s) {
        return s.module() + "-b";
    }

    static String urlB(Service s) {
        return "http://127.0.0.1:" + (s.port + OFFSET_B);
    }

    /** Replica B of {@code s}, wired to the other B replicas. */
    static void startB(Service s) throws Exception {
        SUITE.start(s, nameB(s), s.port + OFFSET_B, Map.of(
                "quarkus.rest-client.triage.url", urlB(Service.TRIAGE),
                "safeline.outbox.destinations.escalation", urlB(Service.ESCALATION),
                "safeline.outbox.destinations.triage", urlB(Service.TRIAGE)));
    }

    static void awaitB(Service s) throws Exception {
        SUITE.awaitReady(nameB(s), s.port + OFFSET_B);
    }

    @BeforeAll
    static void start() throws Exception {
        SUITE.startAll();
        for (Service s : Service.values()) {
            startB(s);
        }
        for (Service s : Service.values()) {
            awaitB(s);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        SUITE.stopAll();
    }

    static String intakeUrl(int i) {
        return i % 2 == 0 ? Service.INTAKE.url() : urlB(Service.INTAKE);
    }

    static String schedulingUrl(int i) {
        return i % 2 == 0 ? Service.SCHEDULING.url() : urlB(Service.SCHEDULING);
    }

    /** {@code n} calls at once, alternately to intake A and B; answers in order. */
    static List<JsonPath> calls(int n, java.util.function.IntFunction<String> narrative) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<JsonPath>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int call = i;
                answers.add(pool.submit(() -> SafetyPathIT.intake(intakeUrl(call), "call " + call, narrative.apply(call))));
            }
            List<JsonPath> out = new ArrayList<>();
            for (Future<JsonPath> f : answers) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static JsonPath stored(String encounterId) {
        return given().baseUri(Service.INTAKE.url()).header("Authorization", bearer("agent"))
                .get("/api/v1/intakes/" + encounterId).then().statusCode(200).extract().jsonPath();
    }

    static void assertEscalatedOnce(String encounterId) throws InterruptedException {
        List<Map<String, Object>> items = SafetyPathIT.eventually(() -> {
            List<Map<String, Object>> found = SafetyPathIT.worklist(encounterId);
            return found.isEmpty() ? null : found;
        }, "escalation of " + encounterId, Duration.ofSeconds(60));
        Thread.sleep(500);
        assertEquals(1, SafetyPathIT.worklist(encounterId).size(), "escalated exactly once: " + items);
        assertEquals(1, given().baseUri(urlB(Service.ESCALATION)).header("Authorization", bearer("clinician"))
                .queryParam("encounterId", encounterId).get("/api/v1/escalations")
                .then().statusCode(200).extract().jsonPath().getList("$").size(), "replica B sees the same one");
    }

    @Test
    @Order(1)
    void redFlagCallsThroughBothReplicasAreEscalatedOnceEach() throws Exception {
        List<JsonPath> answers = calls(12, i -> RED_FLAGS.get(i % RED_FLAGS.size()));
        for (JsonPath answer : answers) {
            // a triage replica still warming up may miss intake's deadline: the call is then retried
            String encounterId = answer.getString("encounterId");
            String level = SafetyPathIT.eventually(() -> stored(encounterId).getString("triage.level"),
                    "call " + encounterId + " triaged", Duration.ofSeconds(60));
            assertTrue(List.of("urgent", "emergency").contains(level), answer.prettify());
            assertEscalatedOnce(encounterId);
        }
    }

    @Test
    @Order(2)
    void concurrentBookingsOfOneSlotThroughBothReplicasHaveExactlyOneWinner() throws Exception {
        List<JsonPath> answers = calls(8, i -> ROUTINE);
        Map<String, Object> slot = given().baseUri(Service.SCHEDULING.url()).header("Authorization", bearer("agent"))
                .queryParam("limit", 1).get("/api/v1/slots").then().statusCode(200).extract().jsonPath().getMap("[0]");
        ExecutorService pool = Executors.newFixedThreadPool(answers.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> bookings = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                String url = schedulingUrl(i);
                String encounterId = answers.get(i).getString("encounterId");
                assertEquals("routine", SafetyPathIT.eventually(() -> stored(encounterId).getString("triage.level"),
                        "call " + encounterId + " triaged", Duration.ofSeconds(60)));
                bookings.add(pool.submit(() -> {
                    go.await();
                    return given().baseUri(url).header("Authorization", bearer("agent"))
                            .contentType(io.restassured.http.ContentType.JSON).body(Map.of("encounterId", encounterId,
                                    "start", slot.get("start"), "practitioner", slot.get("practitioner")))
                            .post("/api/v1/appointments");
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> f : bookings) {
                statuses.add(f.get().statusCode());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), "one winner: " + statuses);
            assertEquals(answers.size() - 1, statuses.stream().filter(s -> s == 409).count(),
                    "the others are told the slot is taken: " + statuses);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(3)
    void callsTakenWhileEveryTriageProcessIsDownAreAllTriagedWhenItReturns() throws Exception {
        SUITE.kill(Service.TRIAGE);
        SUITE.kill(nameB(Service.TRIAGE));
        List<JsonPath> answers;
        try {
            answers = calls(30, i -> i % 3 == 0 ? RED_FLAGS.get(i % RED_FLAGS.size()) : ROUTINE);
            String slot = SafetyPathIT.firstFreeSlot();
            for (int i = 0; i < answers.size(); i++) {
                JsonPath answer = answers.get(i);
                assertEquals("untriaged", answer.getString("status"), answer.prettify());
                assertTrue(answer.getString("triage.agentInstructions").contains("do not book"), answer.prettify());
                SafetyPathIT.book(schedulingUrl(i), answer.getString("encounterId"), slot).then().statusCode(503);
            }
        } finally {
            SUITE.start(Service.TRIAGE);
            startB(Service.TRIAGE);
        }
        SUITE.awaitReady(Service.TRIAGE);
        awaitB(Service.TRIAGE);
        for (int i = 0; i < answers.size(); i++) {
            String encounterId = answers.get(i).getString("encounterId");
            String level = SafetyPathIT.eventually(() -> stored(encounterId).getString("triage.level"),
                    "call " + encounterId + " triaged after triage returned", Duration.ofSeconds(90));
            if (i % 3 == 0) {
                assertTrue(List.of("urgent", "emergency").contains(level), encounterId + ": " + level);
                assertEscalatedOnce(encounterId);
            } else {
                assertEquals("routine", level, encounterId);
            }
        }
    }
}
