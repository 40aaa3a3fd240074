package health.safeline.system;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.safeline.system.Suite.Service;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample calls (../shared/vignettes/dev.jsonl) through the real API, intake → triage:
 * every emergency and urgent call escalated, all within their accepted levels, ≥ 90 % exact.
 */
class VignettesIT {

    /** The team's sample beside the repository when present, else the copy kept with these tests. */
    static final Path SAMPLE = Files.exists(Path.of(System.getProperty("safeline.root", ".."), "..", "shared",
            "vignettes", "dev.jsonl"))
            ? Path.of(System.getProperty("safeline.root", ".."), "..", "shared", "vignettes", "dev.jsonl")
            : Path.of("src/test/resources/vignettes/dev.jsonl");
    static final ObjectMapper JSON = new ObjectMapper();
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
    void sampleCallsAreTriagedAsExpected() throws Exception {
        List<String> misses = new ArrayList<>();
        List<String> outside = new ArrayList<>();
        int total = 0;
        int exact = 0;
        for (String line : Files.readAllLines(SAMPLE)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode call = JSON.readTree(line);
            total++;
            ObjectNode body = JSON.createObjectNode();
            // Born the day after the birthday: the caller is exactly `age` years old.
            body.putObject("patient").put("identifier", "VIG-" + UUID.randomUUID())
                    .put("birthDate", LocalDate.now().minusYears(call.get("age").asInt()).minusDays(1).toString())
                    .put("sex", call.path("sex").asText("unknown"));
            body.put("reason", call.get("reason").asText()).put("narrative", call.get("narrative").asText());
            if (call.has("vitals")) {
                body.set("vitals", call.get("vitals"));
            }
            JsonPath answer = SafetyPathIT.triaged(Service.INTAKE.url(), given().baseUri(Service.INTAKE.url())
                    .header("Authorization", bearer("agent")).contentType(ContentType.JSON).body(body.toString())
                    .post("/api/v1/intakes").then().statusCode(201).extract().jsonPath());
            String level = answer.getString("triage.level");
            String expected = call.get("expected").asText();
            List<String> accept = new ArrayList<>();
            call.get("accept").forEach(a -> accept.add(a.asText()));
            if (level.equals(expected)) {
                exact++;
            }
            if (!accept.contains(level)) {
                outside.add(call.get("id").asText() + " expected " + expected + " got " + level);
            }
            boolean escalates = expected.equals("emergency") || expected.equals("urgent");
            if (escalates && answer.getString("triage.escalationId") == null) {
                misses.add(call.get("id").asText() + " not escalated");
            }
        }
        System.out.printf("Vignettes through the API: %d calls, %d exact (%.1f %%), %d outside accept%n", total,
                exact, 100.0 * exact / total, outside.size());
        assertTrue(misses.isEmpty(), "emergency/urgent calls not escalated: " + misses);
        assertEquals(List.of(), outside, "calls outside their accepted levels");
        assertTrue(exact >= 0.9 * total, "exact " + exact + " of " + total);
    }
}
