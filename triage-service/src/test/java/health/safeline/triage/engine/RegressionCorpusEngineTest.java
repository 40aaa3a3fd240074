package health.safeline.triage.engine;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.safeline.shared.api.TriageLevel;
import health.safeline.shared.api.Vitals;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The regression corpus (engine/regression-corpus.jsonl, same shape as dev.jsonl): varied agent phrasings of every red
 * flag of CLINICAL.md, same-day complaints and administrative calls, written independently of the dev sample. Asserts
 * no under-triage of emergency/urgent calls and reports the exact-match rate. The protocol-diff tool runs the same file.
 */
class RegressionCorpusEngineTest {
    static final String CORPUS = "/engine/regression-corpus.jsonl";

    static List<JsonNode> corpus() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        try (InputStream in = RegressionCorpusEngineTest.class.getResourceAsStream(CORPUS)) {
            assertNotNull(in, CORPUS + " missing");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) out.add(json.readTree(line));
            }
        }
        return out;
    }

    static TriageInput input(JsonNode v) {
        JsonNode vn = v.path("vitals");
        Vitals vitals = vn.isObject() ? new Vitals(i(vn, "systolic"), i(vn, "diastolic"), i(vn, "heartRate"),
                i(vn, "respiratoryRate"), vn.hasNonNull("temperatureC") ? vn.get("temperatureC").asDouble() : null,
                i(vn, "spo2"), i(vn, "glucose")) : null;
        List<String> meds = new ArrayList<>();
        v.path("medications").forEach(m -> meds.add(m.asText()));
        return new TriageInput(v.path("reason").asText(null), v.path("narrative").asText(null),
                v.hasNonNull("age") ? v.get("age").asInt() : null, vitals, meds);
    }

    private static Integer i(JsonNode n, String f) {
        return n.hasNonNull(f) ? n.get(f).asInt() : null;
    }

    @Test
    void corpusIsWellFormed() throws Exception {
        List<JsonNode> all = corpus();
        assertTrue(all.size() >= 150, "regression corpus needs at least 150 calls, has " + all.size());
        Set<String> ids = new HashSet<>();
        for (JsonNode v : all) {
            String id = v.path("id").asText();
            assertTrue(ids.add(id), "duplicate id " + id);
            TriageLevel exp = TriageLevel.fromCode(v.path("expected").asText()).orElse(null);
            assertNotNull(exp, id + ": bad expected level");
            Set<String> accept = new HashSet<>();
            v.path("accept").forEach(x -> accept.add(x.asText()));
            assertTrue(accept.contains(exp.code()), id + ": accept must contain the expected level");
            for (String a : accept) assertTrue(TriageLevel.fromCode(a).isPresent(), id + ": bad accepted level " + a);
            assertTrue(!v.path("narrative").asText().isBlank(), id + ": empty narrative");
        }
    }

    @Test
    void noUnderTriageOfEmergencyOrUrgentCalls() throws Exception {
        TriageEngine engine = GoldenRulesEngineTest.ENGINE;
        int total = 0, exact = 0, accepted = 0, escalations = 0, under = 0;
        List<String> misses = new ArrayList<>();
        List<String> underTriaged = new ArrayList<>();
        for (JsonNode v : corpus()) {
            Assessment a = engine.assess(input(v));
            String expected = v.path("expected").asText();
            Set<String> accept = new HashSet<>();
            v.path("accept").forEach(x -> accept.add(x.asText()));
            TriageLevel exp = TriageLevel.fromCode(expected).orElseThrow();
            total++;
            if (a.level().code().equals(expected)) exact++;
            boolean ok = accept.contains(a.level().code());
            if (ok) accepted++;
            String line = v.path("id").asText() + " expected " + expected + " got " + a.level().code() + " | "
                    + v.path("narrative").asText() + " | " + a.matchedRules().stream().map(r -> r.id() + r.evidence()).toList();
            if (exp.escalates()) {
                escalations++;
                if (!ok || !a.level().escalates()) {
                    under++;
                    underTriaged.add(line);
                }
            }
            if (!a.level().code().equals(expected)) misses.add(line);
        }
        System.out.printf("regression-corpus.jsonl: %d calls (%d emergency/urgent), exact %d (%.1f%%), within accept %d (%.1f%%), "
                + "under-triage of urgent/emergency: %d%n", total, escalations, exact, 100.0 * exact / total, accepted,
                100.0 * accepted / total, under);
        misses.forEach(m -> System.out.println("  not exact: " + m));
        assertTrue(underTriaged.isEmpty(), "under-triaged emergency/urgent calls: " + underTriaged);
        assertTrue(exact >= 0.9 * total, "exact-match rate below 90 %: " + exact + "/" + total);
    }
}
