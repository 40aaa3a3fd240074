package health.safeline.triage.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import health.safeline.api.Vitals;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Table-driven golden cases: for every protocol rule at least one call that fires it (engine/golden.yaml) and one near
 * miss that must not fire it (engine/golden-near-miss.yaml: negated, historical, below a threshold, or missing the
 * second finding of a pair).
 */
class GoldenRulesEngineTest {
    static final TriageEngine ENGINE = TriageEngine.fromClasspath();

    static final Set<String> NEAR_MISS_KINDS = Set.of("negated", "history", "threshold", "pair", "other");

    static List<JsonNode> cases() throws Exception {
        return load("/engine/golden.yaml");
    }

    static List<JsonNode> nearMisses() throws Exception {
        return load("/engine/golden-near-miss.yaml");
    }

    private static List<JsonNode> load(String resource) throws Exception {
        try (InputStream in = GoldenRulesEngineTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource + " missing");
            List<JsonNode> out = new ArrayList<>();
            new ObjectMapper(new YAMLFactory()).readTree(in).forEach(out::add);
            return out;
        }
    }

    static TriageInput input(JsonNode c) {
        JsonNode v = c.path("vitals");
        Vitals vitals = v.isObject() ? new Vitals(i(v, "systolic"), i(v, "diastolic"), i(v, "heartRate"), i(v, "respiratoryRate"),
                v.hasNonNull("temperatureC") ? v.get("temperatureC").asDouble() : null, i(v, "spo2"), i(v, "glucose")) : null;
        List<String> meds = new ArrayList<>();
        c.path("meds").forEach(m -> meds.add(m.asText()));
        return new TriageInput(c.path("reason").asText(null), c.path("text").asText(null),
                c.hasNonNull("age") ? c.get("age").asInt() : null, vitals, meds);
    }

    private static Integer i(JsonNode n, String f) {
        return n.hasNonNull(f) ? n.get(f).asInt() : null;
    }

    @TestFactory
    Stream<DynamicTest> goldenCases() throws Exception {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.path("rule").asText() + ": " + c.path("text").asText(), () -> {
            Assessment a = ENGINE.assess(input(c));
            String rule = c.path("rule").asText();
            MatchedRule m = a.matchedRules().stream().filter(r -> r.id().equals(rule)).findFirst().orElse(null);
            assertNotNull(m, "rule " + rule + " did not fire; fired: " + a.matchedRules());
            assertEquals(c.path("level").asText(), a.level().code(), "overall level; fired: " + a.matchedRules());
            for (JsonNode e : c.path("evidence")) {
                assertTrue(m.evidence().contains(e.asText()), "evidence " + e.asText() + " missing from " + m.evidence());
            }
            assertEquals(a.protocolVersion(), ENGINE.protocolVersion());
        }));
    }

    @TestFactory
    Stream<DynamicTest> nearMissCases() throws Exception {
        return nearMisses().stream().map(c -> DynamicTest.dynamicTest(
                "not " + c.path("rule").asText() + " (" + c.path("kind").asText() + "): " + c.path("text").asText(), () -> {
                    String rule = c.path("rule").asText();
                    assertTrue(ENGINE.ruleIds().contains(rule), "near miss names an unknown rule " + rule);
                    assertTrue(NEAR_MISS_KINDS.contains(c.path("kind").asText()), "near miss kind must be one of " + NEAR_MISS_KINDS);
                    Assessment a = ENGINE.assess(input(c));
                    assertTrue(!a.fired(rule), "near miss fired " + rule + ": " + a.matchedRules());
                    if (c.hasNonNull("level")) {
                        assertEquals(c.path("level").asText(), a.level().code(), "overall level; fired: " + a.matchedRules());
                    }
                }));
    }

    @Test
    void everyRuleHasAGoldenCase() throws Exception {
        Set<String> covered = new HashSet<>();
        cases().forEach(c -> covered.add(c.path("rule").asText()));
        List<String> missing = ENGINE.ruleIds().stream().filter(id -> !covered.contains(id)).toList();
        assertTrue(missing.isEmpty(), "rules without a golden case that fires them: " + missing);
    }

    @Test
    void everyRuleHasANearMiss() throws Exception {
        Set<String> covered = new HashSet<>();
        nearMisses().forEach(c -> covered.add(c.path("rule").asText()));
        List<String> missing = ENGINE.ruleIds().stream().filter(id -> !covered.contains(id)).toList();
        assertTrue(missing.isEmpty(), "rules without a near-miss case that must not fire them: " + missing);
    }
}
