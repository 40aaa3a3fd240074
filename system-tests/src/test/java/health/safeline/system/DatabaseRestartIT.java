package health.safeline.system;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.system.Suite.Service;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarted while calls keep arriving: the services recover on their own, every call that was
 * answered with a success is stored and ends up triaged (and escalated once when it has a red flag), every
 * booking answered with a success is stored, and a call refused during the outage is refused with a 503.
 * The suite runs on a PostgreSQL of its own (port 55441) and on ports 2008x (below Linux's ephemeral range).
 */
class DatabaseRestartIT {

    static final Postgres PG = new Postgres("pg-restart", 55441);
    static final Suite SUITE = new Suite(2000, "_restart", "127.0.0.1", PG.port);
    static final String RED_FLAG = "Crushing chest pain spreading to his left arm for twenty minutes.";
    static final String ROUTINE = "Needs a repeat prescription of her usual statin, no new symptoms.";

    @BeforeAll
    static void start() throws Exception {
        PG.init();
        SUITE.startAll();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        SUITE.stopAll();
        PG.stopQuietly();
    }

    /** {@code sentAtMs}: when the request left, from the start of the load. */
    record Outcome(long sentAtMs, boolean redFlag, int intakeStatus, String encounterId, int bookingStatus,
            String appointmentId, long intakeMs) {
    }

    static Outcome call(long t0, boolean redFlag) {
        long sentAtMs = System.currentTimeMillis() - t0;
        long begin = System.nanoTime();
        String body = """
                {"patient": {"identifier": "MRN-%s", "birthDate": "1950-02-03", "sex": "male"},
                 "reason": "call", "narrative": "%s"}""".formatted(UUID.randomUUID(), redFlag ? RED_FLAG : ROUTINE);
        Response intake = given().baseUri(SUITE.url(Service.INTAKE)).header("Authorization", bearer("agent"))
                .contentType(ContentType.JSON).body(body).post("/api/v1/intakes");
        long intakeMs = (System.nanoTime() - begin) / 1_000_000;
        if (intake.statusCode() != 201) {
            assertOutcome(intake);
            return new Outcome(sentAtMs, redFlag, intake.statusCode(), null, 0, null, intakeMs);
        }
        JsonPath answer = intake.jsonPath();
        String encounterId = answer.getString("encounterId");
        if (redFlag || !"routine".equals(answer.getString("triage.level"))) {
            return new Outcome(sentAtMs, redFlag, 201, encounterId, 0, null, intakeMs);
        }
        Response slots = given().baseUri(SUITE.url(Service.SCHEDULING)).header("Authorization", bearer("agent"))
                .queryParam("limit", 1).get("/api/v1/slots");
        if (slots.statusCode() != 200) {
            assertOutcome(slots);
            return new Outcome(sentAtMs, false, 201, encounterId, slots.statusCode(), null, intakeMs);
        }
        Map<String, Object> slot = slots.jsonPath().getMap("[0]");
        Response booking = given().baseUri(SUITE.url(Service.SCHEDULING)).header("Authorization", bearer("agent"))
                .contentType(ContentType.JSON).body(Map.of("encounterId", encounterId, "start", slot.get("start"),
                        "practitioner", slot.get("practitioner")))
                .post("/api/v1/appointments");
        if (booking.statusCode() != 201) {
            assertOutcome(booking);
        }
        return new Outcome(sentAtMs, false, 201, encounterId, booking.statusCode(),
                booking.statusCode() == 201 ? booking.jsonPath().getString("appointmentId") : null, intakeMs);
    }

    /** A refusal is an OperationOutcome, never a stack trace. */
    static void assertOutcome(Response r) {
        assertEquals("OperationOutcome", r.jsonPath().getString("resourceType"), r.asString());
        assertTrue(!r.asString().contains("Exception"), r.asString());
    }

    @Test
    void postgresRestartedUnderLoadLosesNoAcceptedCallAndAnswersNoUncommittedSuccess() throws Exception {
        long period = 200;
        long stopAt = 6_000;
        long downFor = 5_000;
        long loadFor = 26_000;
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<Outcome>> pending = new ArrayList<>();
        long t0 = System.currentTimeMillis();
        boolean stopped = false;
        boolean restarted = false;
        long restartedAt = 0;
        try {
            for (int i = 0; ; i++) {
                long now = System.currentTimeMillis() - t0;
                if (now >= loadFor) {
                    break;
                }
                if (!stopped && now >= stopAt) {
                    PG.stop();
                    stopped = true;
                }
                if (stopped && !restarted && now >= stopAt + downFor) {
                    PG.start();
                    restarted = true;
                    restartedAt = System.currentTimeMillis() - t0;
                }
                boolean redFlag = i % 4 == 0;
                pending.add(callers.submit(() -> call(t0, redFlag)));
                Thread.sleep(Math.max(0, (i + 1) * period - (System.currentTimeMillis() - t0)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : pending) {
                outcomes.add(f.get());
            }
            report(outcomes, restartedAt);

            // Recovered without a restart of their own: everything sent 8 s after PostgreSQL returned succeeded.
            long recovered = restartedAt + 8_000;
            for (Outcome o : outcomes) {
                assertTrue(o.intakeStatus() == 201 || o.intakeStatus() == 503, "refused with 503 only: " + o);
                if (o.sentAtMs() >= recovered) {
                    assertEquals(201, o.intakeStatus(), "after recovery: " + o);
                }
            }
            for (Service s : Service.values()) {
                assertTrue(SUITE.alive(s.module()), s + " was not restarted");
            }
            // Every success was committed: each accepted call is stored and triaged, red flags escalated once.
            for (Outcome o : outcomes) {
                if (o.intakeStatus() != 201) {
                    continue;
                }
                String level = SafetyPathIT.eventually(() -> given().baseUri(SUITE.url(Service.INTAKE))
                        .header("Authorization", bearer("agent")).get("/api/v1/intakes/" + o.encounterId())
                        .then().statusCode(200).extract().jsonPath().getString("triage.level"),
                        "accepted call " + o.encounterId() + " triaged", Duration.ofSeconds(90));
                if (o.redFlag()) {
                    assertTrue(List.of("urgent", "emergency").contains(level), o + " " + level);
                    List<Object> items = SafetyPathIT.eventually(() -> {
                        List<Object> found = given().baseUri(SUITE.url(Service.ESCALATION))
                                .header("Authorization", bearer("clinician"))
                                .queryParam("encounterId", o.encounterId()).get("/api/v1/escalations")
                                .then().statusCode(200).extract().jsonPath().getList("$");
                        return found.isEmpty() ? null : found;
                    }, "escalation of " + o.encounterId(), Duration.ofSeconds(90));
                    assertEquals(1, items.size(), "escalated once: " + o);
                }
                if (o.appointmentId() != null) {
                    given().baseUri(SUITE.url(Service.SCHEDULING)).header("Authorization", bearer("agent"))
                            .get("/api/v1/appointments/" + o.appointmentId()).then().statusCode(200);
                }
            }
        } finally {
            callers.shutdownNow();
            if (stopped && !restarted) {
                PG.start();
            }
        }
    }

    static void report(List<Outcome> outcomes, long restartedAt) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Outcome o : outcomes) {
            counts.merge("intake " + o.intakeStatus(), 1, Integer::sum);
            if (o.bookingStatus() != 0) {
                counts.merge("booking " + o.bookingStatus(), 1, Integer::sum);
            }
        }
        long slowest = outcomes.stream().mapToLong(Outcome::intakeMs).max().orElse(0);
        System.out.printf("PostgreSQL restart under load: %d calls, PostgreSQL back at %d ms, answers %s, "
                + "slowest intake answer %d ms%n", outcomes.size(), restartedAt, counts, slowest);
        outcomes.stream().filter(o -> o.sentAtMs() > restartedAt - 7_000 && o.sentAtMs() < restartedAt + 3_000)
                .forEach(o -> System.out.printf("  sent at %5d ms: intake %d in %d ms%n", o.sentAtMs(),
                        o.intakeStatus(), o.intakeMs()));
    }
}
