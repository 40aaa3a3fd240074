package health.safeline.triage.engine;

import health.safeline.triage.engine.Analysis.Mention;
import health.safeline.triage.engine.Numbers.Reading;
import java.util.ArrayList;
import java.util.List;

/** A node of a rule's {@code when} tree. {@link #eval} returns the evidence when true, null when false. */
sealed interface Condition {

    /** What one assessment knows; built once per call, read by every rule. */
    interface Facts {
        /** Mentions in the complaint text, plus the medication list when {@code withMeds}. */
        List<Mention> mentions(int concept, boolean withMeds);

        List<Reading> readings(Vital v);

        Integer age();

        List<Hit> rule(int index);

        /** {@link Concept}'s evidence; an implementation may remember it for the call (rules share concepts). */
        default List<Hit> concept(int index, boolean anyTime) {
            return Concept.hits(this, index, anyTime);
        }
    }

    /** One piece of evidence; token range for text mentions (sentence -1 and tokens -1 otherwise). */
    record Hit(String text, int sentence, int start, int end) {
        static Hit value(String text) {
            return new Hit(text, -1, -1, -1);
        }
    }

    List<Hit> eval(Facts f);

    record All(List<Condition> children) implements Condition {
        public List<Hit> eval(Facts f) {
            List<Hit> out = null;
            for (int i = 0; i < children.size(); i++) {
                List<Hit> h = children.get(i).eval(f);
                if (h == null) return null;
                if (out == null) out = new ArrayList<>(h.size() + 2);
                out.addAll(h);
            }
            return out == null ? new ArrayList<>(0) : out;
        }
    }

    record Any(List<Condition> children) implements Condition {
        public List<Hit> eval(Facts f) {
            List<Hit> out = null;
            for (int i = 0; i < children.size(); i++) {
                List<Hit> h = children.get(i).eval(f);
                if (h != null) {
                    if (out == null) out = new ArrayList<>();
                    out.addAll(h);
                }
            }
            return out;
        }
    }

    record Not(Condition child) implements Condition {
        public List<Hit> eval(Facts f) {
            return child.eval(f) == null ? List.of() : null;
        }
    }

    /** A concept mentioned and not negated; {@code anyTime} also accepts history ("hx DVT"), as do modifier concepts. */
    record Concept(String id, boolean anyTime, int index) implements Condition {
        public List<Hit> eval(Facts f) {
            return f.concept(index, anyTime);
        }

        static List<Hit> hits(Facts f, int index, boolean anyTime) {
            List<Hit> out = null;
            List<Mention> ms = f.mentions(index, anyTime);
            for (int mi = 0; mi < ms.size(); mi++) {
                Mention m = ms.get(mi);
                if (!m.current() && !(anyTime && m.history())) continue;
                if (out == null) out = new ArrayList<>(2);
                out.add(new Hit(m.text(), m.sentence(), m.start(), m.end()));
            }
            return out;
        }
    }

    /** A concept the call explicitly denies ("denies thoughts of harming herself"): a screening question answered no. */
    record Denied(String id, int index) implements Condition {
        public List<Hit> eval(Facts f) {
            List<Hit> out = null;
            List<Mention> ms = f.mentions(index, false);
            for (int mi = 0; mi < ms.size(); mi++) {
                Mention m = ms.get(mi);
                if (!m.negated()) continue;
                if (out == null) out = new ArrayList<>(2);
                out.add(new Hit(m.text(), m.sentence(), m.start(), m.end()));
            }
            return out;
        }
    }

    /** All the concepts mentioned (currently, not negated) in one sentence. */
    record Near(List<String> ids, int[] indexes) implements Condition {
        public List<Hit> eval(Facts f) {
            List<Hit> out = null;
            for (Mention first : f.mentions(indexes[0], false)) {
                if (!first.current() || first.sentence() < 0) continue;
                List<Hit> hits = new ArrayList<>();
                hits.add(new Hit(first.text(), first.sentence(), first.start(), first.end()));
                boolean ok = true;
                for (int i = 1; i < ids.size() && ok; i++) {
                    ok = false;
                    List<Mention> ms = f.mentions(indexes[i], false);
                    for (int mi = 0; mi < ms.size(); mi++) {
                        Mention m = ms.get(mi);
                        if (m.current() && m.sentence() == first.sentence()) {
                            hits.add(new Hit(m.text(), m.sentence(), m.start(), m.end()));
                            ok = true;
                        }
                    }
                }
                if (ok) {
                    if (out == null) out = new ArrayList<>();
                    out.addAll(hits);
                }
            }
            return out;
        }
    }

    enum Op {
        GE(">="), LE("<="), GT(">"), LT("<"), EQ("==");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean test(double v, double t) {
            return switch (this) {
                case GE -> v >= t;
                case LE -> v <= t;
                case GT -> v > t;
                case LT -> v < t;
                case EQ -> v == t;
            };
        }

        static Op of(String s) {
            for (Op o : values()) if (o.symbol.equals(s)) return o;
            throw new IllegalArgumentException("unknown operator " + s);
        }
    }

    /** A vital threshold met by the structured vitals or a number in the text. */
    record VitalThreshold(Vital vital, Op op, double threshold) implements Condition {
        public List<Hit> eval(Facts f) {
            List<Hit> out = null;
            List<Reading> rs = f.readings(vital);
            for (int ri = 0; ri < rs.size(); ri++) {
                Reading r = rs.get(ri);
                if (op.test(r.value(), threshold)) {
                    if (out == null) out = new ArrayList<>(2);
                    out.add(Hit.value(r.evidence()));
                }
            }
            return out;
        }
    }

    record Age(Op op, double threshold) implements Condition {
        public List<Hit> eval(Facts f) {
            Integer a = f.age();
            return a != null && op.test(a, threshold) ? List.of(Hit.value("age " + a)) : null;
        }
    }

    /** Another rule's condition (so rules can build on each other); index resolved at load. */
    final class RuleRef implements Condition {
        final String id;
        String owner;
        int index = -1;

        RuleRef(String id) {
            this.id = id;
        }

        public List<Hit> eval(Facts f) {
            return f.rule(index);
        }
    }
}
