package health.safeline.triage.engine;

import health.safeline.api.RedFlag;
import health.safeline.api.TriageExplanation;
import health.safeline.api.TriageExplanation.Finding;
import health.safeline.api.TriageLevel;
import java.util.List;

/**
 * The engine's answer: the level and its disposition (booking window), every rule that fired (most urgent first),
 * the complaint protocols that applied with the question that decided each, and the red-flag findings the text
 * mentions but dismissed (negated, historical, someone else) or left open (hypothetical).
 */
public record Assessment(TriageLevel level, List<MatchedRule> matchedRules, String protocolVersion,
        Disposition disposition, List<ProtocolResult> protocols, List<Finding> dismissed, List<Finding> open,
        List<Question> questions) {

    /** The explanation as it crosses service boundaries. */
    public TriageExplanation explanation() {
        return new TriageExplanation(disposition.id(), disposition.windowHours(), protocols.stream()
                .map(p -> new TriageExplanation.ProtocolDecision(p.id(), p.title(), p.disposition().id(), p.decidedBy(),
                        p.question(), p.evidence()))
                .toList(), dismissed, open);
    }

    /** Id of the pseudo-rule added when the complaint has symptoms the protocol does not recognise. */
    public static final String UNRECOGNISED = "unrecognised-symptoms";

    /**
     * A complaint protocol that applied: its disposition and the question that decided it ({@code decidedBy} null
     * when none fired and the protocol's default applies), with that question's sentence and evidence.
     */
    public record ProtocolResult(String id, String title, Disposition disposition, String decidedBy, String question,
            List<String> evidence) {
        public ProtocolResult {
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }
    }

    public Assessment {
        matchedRules = matchedRules == null ? List.of() : List.copyOf(matchedRules);
        protocols = protocols == null ? List.of() : List.copyOf(protocols);
        dismissed = dismissed == null ? List.of() : List.copyOf(dismissed);
        open = open == null ? List.of() : List.copyOf(open);
        questions = questions == null ? List.of() : List.copyOf(questions);
    }

    /**
     * True while a critical question is unanswered: its "yes" would escalate the call, so it cannot be cleared for
     * booking until the agent asks it. A call the text already escalates, or one about paperwork only, is not held.
     */
    public boolean questionsPending() {
        for (Question q : questions) {
            if (q.critical() && q.answer() == null) return true;
        }
        return false;
    }

    /** Rules at urgent or emergency, plus the unrecognised-symptoms flag: what the agent and clinician see. */
    public List<RedFlag> redFlags() {
        return matchedRules.stream()
                .filter(r -> r.level().escalates() || UNRECOGNISED.equals(r.id()))
                .map(r -> new RedFlag(r.id(), r.title(), r.evidence()))
                .toList();
    }

    /** True when a rule with this id fired. */
    public boolean fired(String ruleId) {
        return matchedRules.stream().anyMatch(r -> r.id().equals(ruleId));
    }

    /** Ids of the complaint protocols that applied, most urgent first. */
    public List<String> protocolIds() {
        return protocols.stream().map(ProtocolResult::id).toList();
    }
}
