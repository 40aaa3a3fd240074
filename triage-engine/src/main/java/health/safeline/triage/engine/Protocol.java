package health.safeline.triage.engine;

import health.safeline.api.TriageLevel;
import java.util.List;
import java.util.Set;

/** A loaded, validated protocol: lexicon, context-trigger scopes, rules in file order, complaint protocols, dispositions. */
record Protocol(String version, String name, String reviewedBy, Lexicon lexicon, Set<String> modifiers,
        Analysis.Scopes scopes, List<Rule> rules, List<Complaint> complaints, List<Disposition> dispositions,
        Unrecognised unrecognised, int[] redFlagConcepts) {

    /** The first disposition at this level: its default. */
    Disposition disposition(TriageLevel level) {
        for (Disposition d : dispositions) if (d.level() == level) return d;
        throw new IllegalStateException("no disposition at " + level);
    }

    Rule rule(String id) {
        for (Rule r : rules) if (r.id().equals(id)) return r;
        return null;
    }


    /** How a complaint with unrecognised symptoms is flagged. */
    record Unrecognised(String symptomConcept, TriageLevel level, String title, String rationale, String source) {
    }
}
