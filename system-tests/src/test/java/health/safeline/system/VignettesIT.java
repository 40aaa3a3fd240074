package health.safeline.system;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.safeline.api.TriageLevel;
import health.safeline.system.Suite.Service;
import health.safeline.triage.engine.TriageEngine;
import health.safeline.triage.tools.Corpus;
import health.safeline.triage.tools.Figures;
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

    /** The regression corpus's parts (triage-engine's test resources) and the reviewed calls beside the repository. */
    static List<Path> corpora() throws java.io.IOException {
        Path root = Path.of(System.getProperty("safeline.root", ".."));
        Path engine = root.resolve("triage-engine/src/test/resources/engine");
        List<Path> parts = new ArrayList<>(List.of(engine.resolve("regression-corpus.jsonl")));
        Path reviewed = root.resolve("../shared/vignettes/reviewed.jsonl");
        if (Files.exists(reviewed)) {
            parts.add(reviewed);
        }
        try (var blind = Files.list(engine.resolve("blind"))) {
            blind.filter(f -> f.toString().endsWith(".jsonl")).sorted().forEach(parts::add);
        }
        return parts;
    }

    /**
     * Every corpus call through intake → triage answers the level the engine alone gives (so the engine's corpus
     * tests measure what the API does), and each part's figures are reported; the regression and reviewed parts,
     * and the blind part as a whole, are held to the triage-v2 targets.
     */
    @Test
    void theCorpusThroughTheApiIsTriagedAsTheEngineTriagesIt() throws Exception {
        TriageEngine engine = TriageEngine.fromClasspath();
        List<String> disagreements = new ArrayList<>();
        List<Corpus.Call> blindCalls = new ArrayList<>();
        java.util.Map<String, TriageLevel> blindLevels = new java.util.HashMap<>();
        for (Path part : corpora()) {
            List<Corpus.Call> calls = Corpus.read(part);
            Figures figures = Figures.of(calls, call -> {
                TriageLevel api;
                try {
                    api = TriageLevel.fromCode(submit(call).getString("triage.level")).orElseThrow();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                TriageLevel alone = engine.assess(call.input()).level();
                if (api != alone) {
                    disagreements.add(call.id() + ": API " + api.code() + ", engine " + alone.code());
                }
                blindLevels.put(call.id(), api);
                return api;
            });
            System.out.println("Through the API, " + part.getFileName() + ": " + figures);
            if (part.getParent().getFileName().toString().equals("blind")) {
                blindCalls.addAll(calls);
            } else {
                assertTrue(figures.meetsTargets(), part.getFileName() + ": " + figures);
            }
        }
        // the blind part (every blind-*.jsonl, written by helpers who never read the engine) is held to the targets as one
        Figures blind = Figures.of(blindCalls, call -> blindLevels.get(call.id()));
        System.out.println("Through the API, the blind part: " + blind);
        assertTrue(blindCalls.size() >= 200, "the blind part has " + blindCalls.size() + " calls");
        assertTrue(blind.meetsTargets(), "the blind part: " + blind);
        assertEquals(List.of(), disagreements);
    }

    /** One corpus call as an agent records it: the patient exactly {@code age} years old. */
    static JsonPath submit(Corpus.Call call) throws InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode patient = body.putObject("patient").put("identifier", "VIG-" + UUID.randomUUID());
        if (call.age() != null) {
            patient.put("birthDate", LocalDate.now().minusYears(call.age()).minusDays(1).toString());
        }
        body.put("reason", call.reason() == null || call.reason().isBlank() ? "call" : call.reason());
        if (call.narrative() != null) {
            body.put("narrative", call.narrative());
        }
        if (call.vitals() != null) {
            var v = call.vitals();
            ObjectNode vitals = body.putObject("vitals");
            java.util.Map<String, Number> fields = new java.util.LinkedHashMap<>();
            fields.put("systolic", v.systolic());
            fields.put("diastolic", v.diastolic());
            fields.put("heartRate", v.heartRate());
            fields.put("respiratoryRate", v.respiratoryRate());
            fields.put("temperatureC", v.temperatureC());
            fields.put("spo2", v.spo2());
            fields.put("glucose", v.glucose());
            fields.forEach((name, value) -> {
                if (value != null) {
                    vitals.putPOJO(name, value);
                }
            });
        }
        if (!call.medications().isEmpty()) {
            call.medications().forEach(body.putArray("medications")::add);
        }
        return SafetyPathIT.triaged(Service.INTAKE.url(), given().baseUri(Service.INTAKE.url())
                .header("Authorization", bearer("agent")).contentType(ContentType.JSON).body(body.toString())
                .post("/api/v1/intakes").then().statusCode(201).extract().jsonPath());
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
