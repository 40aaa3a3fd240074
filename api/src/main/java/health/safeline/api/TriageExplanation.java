package health.safeline.api;

import java.util.List;

/**
 * Why triage decided as it did: the disposition with its booking window, each complaint protocol that applied with
 * the question that decided it, and the red-flag findings the text mentions but dismissed (negated, historical,
 * someone else) or left open (hypothetical).
 */
public record TriageExplanation(String disposition, int bookingWindowHours, List<ProtocolDecision> protocols,
        List<Finding> dismissed, List<Finding> open) {

    public static final TriageExplanation NONE = new TriageExplanation(null, 0, List.of(), List.of(), List.of());

    public TriageExplanation {
        protocols = protocols == null ? List.of() : List.copyOf(protocols);
        dismissed = dismissed == null ? List.of() : List.copyOf(dismissed);
        open = open == null ? List.of() : List.copyOf(open);
    }

    /**
     * One complaint protocol: its disposition, and the question that decided it with the words that answered it
     * ({@code decidedBy} and {@code question} null when no question fired and the protocol's default applies).
     */
    public record ProtocolDecision(String id, String title, String disposition, String decidedBy, String question,
            List<String> evidence) {
        public ProtocolDecision {
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }
    }

    /** A finding as written, with its ConText category: negated, historical, other-person or hypothetical. */
    public record Finding(String concept, String text, String context) {
    }

    public List<String> protocolIds() {
        return protocols.stream().map(ProtocolDecision::id).toList();
    }
}
