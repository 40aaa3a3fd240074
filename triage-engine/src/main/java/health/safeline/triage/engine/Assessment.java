package health.safeline.triage.engine;

import health.safeline.api.RedFlag;
import health.safeline.api.TriageLevel;
import java.util.List;

/** The engine's answer: the level, every rule that fired (most urgent first) and the protocol version. */
public record Assessment(TriageLevel level, List<MatchedRule> matchedRules, String protocolVersion) {

    /** Id of the pseudo-rule added when the complaint has symptoms the protocol does not recognise. */
    public static final String UNRECOGNISED = "unrecognised-symptoms";

    public Assessment {
        matchedRules = matchedRules == null ? List.of() : List.copyOf(matchedRules);
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
}
