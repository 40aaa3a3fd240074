package health.safeline.api;

import java.util.List;

/** What triage decided for one encounter, and why: the answer of {@code $triage}. */
public record TriageDecision(String assessmentId, TriageLevel level, List<RedFlag> redFlags,
        String agentInstructions, String protocolVersion, String escalationId, Clearance clearance,
        TriageExplanation explanation) {

    public TriageDecision {
        explanation = explanation == null ? TriageExplanation.NONE : explanation;
    }
}
