package health.safeline.triage.engine;

import health.safeline.api.TriageLevel;
import java.util.List;
import java.util.Set;

/** A loaded, validated protocol: lexicon, context-trigger scopes and rules in file order. */
record Protocol(String version, Lexicon lexicon, Set<String> modifiers, Analysis.Scope negation,
        Analysis.Scope history, List<Rule> rules, Unrecognised unrecognised) {

    /** How a complaint with unrecognised symptoms is flagged. */
    record Unrecognised(String symptomConcept, TriageLevel level, String title, String rationale, String source) {
    }
}
