package health.safeline.triage.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.safeline.shared.api.TriageLevel;
import health.safeline.shared.api.Vitals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Measures the engine on the shared dev vignettes: reports accuracy, asserts no under-triage of urgent/emergency calls. */
class DevVignettesEngineTest {
    private static final Path DEV = Path.of("../../shared/vignettes/dev.jsonl");

    @Test
    void devVignettesHaveNoUnderTriage() throws Exception {
        assumeTrue(Files.exists(DEV), "dev vignettes not present: " + DEV.toAbsolutePath());
        TriageEngine engine = TriageEngine.fromClasspath();
        ObjectMapper json = new ObjectMapper();
        int total = 0, exact = 0, accepted = 0, under = 0;
        List<String> misses = new ArrayList<>();
        for (String line : Files.readAllLines(DEV)) {
            if (line.isBlank()) continue;
            JsonNode v = json.readTree(line);
            JsonNode vn = v.path("vitals");
            Vitals vitals = vn.isObject() ? new Vitals(i(vn, "systolic"), i(vn, "diastolic"), i(vn, "heartRate"),
                    i(vn, "respiratoryRate"), vn.hasNonNull("temperatureC") ? vn.get("temperatureC").asDouble() : null,
                    i(vn, "spo2"), i(vn, "glucose")) : null;
            List<String> meds = new ArrayList<>();
            v.path("medications").forEach(m -> meds.add(m.asText()));
            Assessment a = engine.assess(new TriageInput(v.path("reason").asText(null), v.path("narrative").asText(null),
                    v.hasNonNull("age") ? v.get("age").asInt() : null, vitals, meds));
            String expected = v.path("expected").asText();
            List<String> accept = new ArrayList<>();
            v.path("accept").forEach(x -> accept.add(x.asText()));
            TriageLevel exp = TriageLevel.fromCode(expected).orElseThrow();
            total++;
            if (a.level().code().equals(expected)) exact++;
            boolean ok = accept.contains(a.level().code());
            if (ok) accepted++;
            if (exp.escalates() && !ok) under++;
            if (!a.level().code().equals(expected)) {
                misses.add(v.path("id").asText() + " expected " + expected + " got " + a.level().code() + " "
                        + a.matchedRules().stream().map(r -> r.id() + r.evidence()).toList());
            }
        }
        System.out.printf("dev.jsonl: %d cases, exact %d (%.1f%%), within accept %d (%.1f%%), under-triage of urgent/emergency: %d%n",
                total, exact, 100.0 * exact / total, accepted, 100.0 * accepted / total, under);
        misses.forEach(m -> System.out.println("  not exact: " + m));
        assertTrue(under == 0, "under-triaged urgent/emergency vignettes: " + misses);
    }

    private static Integer i(JsonNode n, String f) {
        return n.hasNonNull(f) ? n.get(f).asInt() : null;
    }
}
