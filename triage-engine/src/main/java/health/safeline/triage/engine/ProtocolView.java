package health.safeline.triage.engine;

import java.util.List;

/**
 * The protocol in force as the engine loaded it, for clinical review: dispositions, complaint protocols with their
 * questions in order, every rule with its condition in words, and the lexicon's concepts with their phrases.
 */
public record ProtocolView(String version, String name, String reviewedBy, List<Disposition> dispositions,
        List<ComplaintView> complaints, List<QuestionView> rules, List<ConceptView> concepts) {

    /** A complaint protocol: recognised by these concepts (or always), its questions most urgent first, its default. */
    public record ComplaintView(String id, String title, String definition, List<String> recognisedBy, boolean always,
            List<String> questions, String defaultDisposition, String source) {
    }

    /** A rule, one question: the sentence the agent reads, its level and disposition, its condition in words. */
    public record QuestionView(String id, String title, String ask, String level, String disposition, String condition,
            String rationale, String source, String file) {
    }

    /** A lexicon concept; {@code modifier}: counts as history or from the medication list too. */
    public record ConceptView(String id, String description, boolean modifier, List<String> phrases) {
    }

    static ProtocolView of(Protocol p) {
        List<Rule> rules = p.rules();
        return new ProtocolView(p.version(), p.name(), p.reviewedBy(), p.dispositions(),
                p.complaints().stream().map(c -> new ComplaintView(c.id(), c.title(), c.definition(), c.recognisedBy(),
                        c.always(), java.util.Arrays.stream(c.questions()).mapToObj(i -> rules.get(i).id()).toList(),
                        c.fallback().id(), c.source())).toList(),
                rules.stream().map(r -> new QuestionView(r.id(), r.title(), r.ask(), r.level().code(), r.disposition().id(),
                        describe(r.when(), rules), r.rationale(), r.source(), r.file())).toList(),
                p.concepts());
    }

    /** A condition in one line: {@code all of (a, any of (b, c)), not d}. */
    static String describe(Condition c, List<Rule> rules) {
        if (c instanceof Condition.All a) return "all of (" + join(a.children(), rules) + ")";
        if (c instanceof Condition.Any a) return "any of (" + join(a.children(), rules) + ")";
        if (c instanceof Condition.Not n) return "not " + describe(n.child(), rules);
        if (c instanceof Condition.Near n) return "near (" + String.join(", ", n.ids()) + ")";
        if (c instanceof Condition.Concept k) return k.id();
        if (c instanceof Condition.Denied d) return "denied " + d.id();
        if (c instanceof Condition.VitalThreshold v) return v.vital().field + " " + v.op().symbol + " " + number(v.threshold());
        if (c instanceof Condition.Age a) return "age " + a.op().symbol + " " + number(a.threshold());
        return "rule " + ((Condition.RuleRef) c).id;
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String join(List<Condition> cs, List<Rule> rules) {
        return String.join(", ", cs.stream().map(c -> describe(c, rules)).toList());
    }
}
