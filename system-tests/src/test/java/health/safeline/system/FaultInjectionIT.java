package health.safeline.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import health.safeline.system.Suite.Service;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real processes, real crashes: what happens when a service dies under load. */
class FaultInjectionIT {

    static final Suite SUITE = new Suite();

    @BeforeAll
    static void start() throws Exception {
        SUITE.startAll();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        SUITE.stopAll();
    }

    @Test
    void escalationServiceKilledWhileUrgentCallsArriveLosesAndDuplicatesNothing() throws Exception {
        List<String> narratives = List.of(
                "Her left calf is swollen, red and painful since yesterday.",
                "Crushing chest pain spreading to his left arm for twenty minutes.",
                "Black tarry stools since this morning and she feels faint.",
                "Sudden weakness of the right arm and his speech is slurred.");
        ExecutorService callers = Executors.newFixedThreadPool(2);
        List<Future<JsonPath>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                String narrative = narratives.get(i % narratives.size());
                calls.add(callers.submit(() -> SafetyPathIT.intake("red flag call", narrative)));
                Thread.sleep(150);
                if (i == 6) {
                    SUITE.kill(Service.ESCALATION); // kill -9 while calls keep arriving
                }
                if (i == 18) {
                    SUITE.start(Service.ESCALATION);
                }
            }
            List<JsonPath> answers = new ArrayList<>();
            for (Future<JsonPath> f : calls) {
                answers.add(f.get());
            }
            SUITE.awaitReady(Service.ESCALATION);
            for (JsonPath first : answers) {
                JsonPath answer = SafetyPathIT.triaged(Service.INTAKE.url(), first);
                String encounterId = answer.getString("encounterId");
                String escalationId = answer.getString("triage.escalationId");
                assertNotNull(escalationId, answer.prettify());
                List<Map<String, Object>> items = SafetyPathIT.eventually(() -> {
                    List<Map<String, Object>> found = SafetyPathIT.worklist(encounterId);
                    return found.isEmpty() ? null : found;
                }, "escalation of " + encounterId + " on the worklist", Duration.ofSeconds(90));
                assertEquals(1, items.size(), "exactly once: " + items);
                assertEquals(escalationId, items.get(0).get("id"));
            }
        } finally {
            callers.shutdownNow();
        }
    }
}
