package health.safeline.triage.engine;

import health.safeline.api.TriageLevel;
import java.util.List;

/** A protocol rule that fired, with the words and values that fired it. */
public record MatchedRule(String id, String title, TriageLevel level, List<String> evidence, String rationale,
        String source) {
    public MatchedRule {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
