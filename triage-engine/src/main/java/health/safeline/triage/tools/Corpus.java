package health.safeline.triage.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.safeline.api.Vitals;
import health.safeline.triage.engine.TriageInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Corpora of test calls in the vignette shape (one JSON object per line), for tests and the protocol diff. */
public final class Corpus {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One call with its expected level and the levels a reviewer accepts. */
    public record Call(String id, Integer age, String reason, String narrative, Vitals vitals, List<String> medications,
            String expected, List<String> accept) {

        public TriageInput input() {
            return new TriageInput(reason, narrative, age, vitals, medications);
        }
    }

    private Corpus() {
    }

    /** Reads a .jsonl corpus; ids are prefixed with the file name. */
    public static List<Call> read(Path jsonl) {
        try {
            List<Call> calls = new ArrayList<>();
            for (String line : Files.readAllLines(jsonl)) {
                if (!line.isBlank()) {
                    calls.add(call(jsonl.getFileName() + ":", JSON.readTree(line)));
                }
            }
            return calls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Call call(String prefix, JsonNode n) throws IOException {
        JsonNode v = n.path("vitals");
        List<String> medications = new ArrayList<>();
        n.path("medications").forEach(m -> medications.add(m.asText()));
        List<String> accept = new ArrayList<>();
        n.path("accept").forEach(a -> accept.add(a.asText()));
        return new Call(prefix + n.path("id").asText(), n.hasNonNull("age") ? n.get("age").asInt() : null,
                n.path("reason").asText(null), n.path("narrative").asText(null),
                v.isObject() ? JSON.treeToValue(v, Vitals.class) : null, medications,
                n.path("expected").asText(null), accept);
    }
}
