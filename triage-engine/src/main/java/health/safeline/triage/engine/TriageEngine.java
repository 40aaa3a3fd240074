package health.safeline.triage.engine;

import health.safeline.api.CallText;
import health.safeline.api.TriageExplanation;
import health.safeline.api.TriageLevel;
import health.safeline.api.Vitals;
import health.safeline.triage.engine.Analysis.Mention;
import health.safeline.triage.engine.Condition.Hit;
import health.safeline.triage.engine.Numbers.Reading;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Rule-based telephone triage: reads the agent's free text and the structured vitals, evaluates every
 * protocol rule and keeps the most urgent level. Immutable and thread-safe; no I/O and no logging in {@link #assess}.
 */
public final class TriageEngine {
    /** Classpath folder of the default protocol. */
    public static final String DEFAULT_PROTOCOL = "protocol";

    private final Protocol protocol;

    private TriageEngine(Protocol protocol) {
        this.protocol = protocol;
    }

    /** Loads protocol/*.yaml from the classpath, validates them, fails fast with a clear message on a malformed rule. */
    public static TriageEngine fromClasspath() {
        return fromClasspath(DEFAULT_PROTOCOL);
    }

    /** Loads the protocol whose protocol.yaml lies in the given classpath folder. */
    public static TriageEngine fromClasspath(String folder) {
        return new TriageEngine(ProtocolLoader.fromClasspath(folder));
    }

    /** Loads the protocol whose protocol.yaml lies in {@code dir} (protocol review and diff tools). */
    public static TriageEngine fromDirectory(java.nio.file.Path dir) {
        return new TriageEngine(ProtocolLoader.fromDirectory(dir));
    }

    public String protocolVersion() {
        return protocol.version();
    }

    /** The protocol as loaded, for clinical review (the review page reads the protocol through this). */
    public ProtocolView review() {
        return ProtocolView.of(protocol);
    }

    /** Ids of all protocol rules, in protocol order (for review tools and coverage tests). */
    public List<String> ruleIds() {
        return protocol.rules().stream().map(Rule::id).toList();
    }

    /** Deterministic assessment of one call. @throws ImplausibleVitalsException for out-of-range structured vitals */
    public Assessment assess(TriageInput input) {
        return assess(input, Map.of());
    }

    /**
     * The assessment after the agent's answers to screening questions (by rule id): "yes" and "unsure" fire the
     * question's rule; "no" never cancels a rule the caller's words fired (the text wins).
     */
    public Assessment assess(TriageInput input, Map<String, Answer> answers) {
        Objects.requireNonNull(answers, "answers");
        Objects.requireNonNull(input, "input");
        Vitals vitals = input.vitals() == null ? Vitals.NONE : input.vitals();
        Map<Vital, List<Reading>> readings = new EnumMap<>(Vital.class);
        for (Vital v : Vital.values()) {
            Number n = v.of(vitals);
            if (n == null) continue;
            if (!v.plausible(n.doubleValue())) {
                throw new ImplausibleVitalsException(v.field, n, trim(v.min), trim(v.max));
            }
            readings.computeIfAbsent(v, k -> new ArrayList<>(2)).add(new Reading(v, n.doubleValue(), v.evidence(n.doubleValue())));
        }
        String reason = CallText.normalize(strip(input.reason())), narrative = CallText.normalize(strip(input.narrative()));
        String text = reason.isEmpty() ? narrative : narrative.isEmpty() ? reason : reason + "\n" + narrative;
        for (Reading r : Numbers.find(text)) readings.computeIfAbsent(r.vital(), k -> new ArrayList<>(2)).add(r);
        int reasonEnd = narrative.isEmpty() ? 0 : reason.length();
        Analysis main = new Analysis(text, protocol.lexicon(), protocol.scopes(), false, reasonEnd);
        Analysis meds = null;
        if (input.medications() != null && !input.medications().isEmpty()) {
            List<String> ms = input.medications().stream().filter(Objects::nonNull).toList();
            meds = new Analysis(CallText.normalize(String.join("\n", ms)), protocol.lexicon(), protocol.scopes(), true, 0);
        }
        Integer age = input.ageYears() != null ? input.ageYears() : Numbers.age(text);
        Evaluation ev = new Evaluation(main, meds, readings, age, answers);

        List<Rule> rules = protocol.rules();
        List<MatchedRule> matched = new ArrayList<>();
        List<Hit> covering = new ArrayList<>();
        Set<Integer> coveredSentences = new java.util.HashSet<>();
        TriageLevel level = TriageLevel.ROUTINE;
        for (int i = 0; i < rules.size(); i++) {
            List<Hit> hits = ev.rule(i);
            if (hits == null) continue;
            Rule r = rules.get(i);
            // Same words found in the reason and the narrative are shown once.
            Map<String, String> evidence = new LinkedHashMap<>();
            for (Hit h : hits) {
                evidence.putIfAbsent(h.text().toLowerCase(java.util.Locale.ROOT), h.text());
                covering.add(h);
                if (r.coversSentence() && h.sentence() >= 0) coveredSentences.add(h.sentence());
            }
            matched.add(new MatchedRule(r.id(), r.title(), r.level(), List.copyOf(evidence.values()), r.rationale(),
                    r.source()));
            level = TriageLevel.max(level, r.level());
        }

        List<Assessment.ProtocolResult> results = new ArrayList<>();
        List<int[]> recognition = new ArrayList<>();
        boolean complaintRecognised = false;
        // a symptom protocol recognised in a sentence explains that sentence's symptom words ("calf pain, like a cramp")
        Set<Integer> recognisedSentences = new java.util.HashSet<>();
        // the reason line labels the narrative: its symptom words are explained where a symptom protocol recognised the
        // same words in the narrative (reason "leaking", narrative "leaks when she coughs"; not reason "tired" and constipation)
        Set<String> recognisedWords = new java.util.HashSet<>();
        List<Complaint> complaints = protocol.complaints();
        int[] decidedBy = new int[complaints.size()];
        List<List<String>> seenBy = new ArrayList<>(complaints.size());
        java.util.BitSet homed = new java.util.BitSet(rules.size());
        for (int ci = 0; ci < complaints.size(); ci++) {
            Complaint c = complaints.get(ci);
            decidedBy[ci] = -1;
            for (int q : c.questions()) {
                if (ev.rule(q) != null) {
                    decidedBy[ci] = q;
                    break;
                }
            }
            List<String> seen = new ArrayList<>(2);
            for (int idx : c.recognisedIndex()) {
                List<Mention> ms = main.mentions(idx);
                for (int mi = 0; mi < ms.size(); mi++) {
                    Mention m = ms.get(mi);
                    if (!m.current()) continue;
                    recognition.add(new int[] {m.start(), m.end()});
                    if (!c.administrative()) {
                        recognisedSentences.add(m.sentence());
                        if (m.from() >= reasonEnd) {
                            for (int t = m.start(); t < m.end(); t++) recognisedWords.add(main.tokens.get(t).stem());
                        }
                    }
                    if (seen.size() < 3 && !seen.contains(m.text())) seen.add(m.text());
                }
            }
            seenBy.add(seen);
            if (!seen.isEmpty() || c.always()) for (int q : c.questions()) homed.set(q);
        }
        for (int ci = 0; ci < complaints.size(); ci++) {
            Complaint c = complaints.get(ci);
            Rule decided = decidedBy[ci] < 0 ? null : rules.get(decidedBy[ci]);
            List<String> seen = seenBy.get(ci);
            complaintRecognised |= decided != null || !seen.isEmpty();
            // a protocol the call did not name applies only to give a fired question with no recognised protocol a home
            boolean applies = c.always() || !seen.isEmpty();
            if (!applies && decided != null && !homed.get(decidedBy[ci])) {
                applies = true;
                homed.set(decidedBy[ci]);
            }
            if (!applies) continue;
            if (decided != null) {
                MatchedRule fired = firedRule(matched, decided.id());
                results.add(new Assessment.ProtocolResult(c.id(), c.title(), decided.disposition(), decided.id(), decided.ask(),
                        fired.evidence()));
            } else {
                results.add(new Assessment.ProtocolResult(c.id(), c.title(), c.fallback(), null, null, seen));
            }
        }

        Protocol.Unrecognised u = protocol.unrecognised();
        Set<String> unexplained = new LinkedHashSet<>();
        List<Mention> ms = main.mentions(protocol.lexicon().conceptIndex(u.symptomConcept()));
        for (int mi = 0; mi < ms.size(); mi++) {
            Mention m = ms.get(mi);
            if (!m.current() || coveredSentences.contains(m.sentence()) || recognisedSentences.contains(m.sentence())
                    || (m.from() < reasonEnd && explainedBy(main, m, recognisedWords))) continue;
            boolean covered = false;
            for (Hit h : covering) {
                if (h.start() >= 0 && h.start() < m.end() && m.start() < h.end()) {
                    covered = true;
                    break;
                }
            }
            for (int i = 0; i < recognition.size() && !covered; i++) {
                covered = recognition.get(i)[0] < m.end() && m.start() < recognition.get(i)[1];
            }
            if (!covered) unexplained.add(m.text());
        }
        boolean blank = text.isBlank();
        Disposition disposition = null;
        // a call asking what to do if a finding happens, or about someone else's, is understood: no complaint to flag
        if (blank || (matched.isEmpty() && !complaintRecognised && !main.asksAboutAFinding()) || !unexplained.isEmpty()) {
            List<String> evidence = !unexplained.isEmpty() ? List.copyOf(unexplained)
                    : List.of(blank ? "no complaint described" : "no recognised complaint");
            matched.add(new MatchedRule(Assessment.UNRECOGNISED, u.title(), u.level(), evidence, u.rationale(), u.source()));
            level = TriageLevel.max(level, u.level());
            disposition = protocol.disposition(u.level());
        }
        for (Assessment.ProtocolResult r : results) {
            level = TriageLevel.max(level, r.disposition().level());
            if (disposition == null || r.disposition().moreUrgentThan(disposition)) disposition = r.disposition();
        }
        if (protocol.complaints().isEmpty()) {
            for (MatchedRule r : matched) {
                Rule rule = protocol.rule(r.id());
                Disposition d = rule != null ? rule.disposition() : protocol.disposition(r.level());
                if (disposition == null || d.moreUrgentThan(disposition)) disposition = d;
            }
        }
        if (disposition == null || disposition.level() != level) disposition = protocol.disposition(level);
        matched.sort(Comparator.comparingInt(r -> r.level().ordinal()));
        results.sort(Comparator.comparingInt(r -> r.disposition().level().ordinal()));
        List<TriageExplanation.Finding>[] findings = findings(main);
        return new Assessment(level, matched, protocol.version(), disposition, results, findings[0], findings[1],
                questions(ev, seenBy, level, answers));
    }

    /**
     * Red-flag findings the text mentions but does not affirm, in one pass: [0] dismissed (negated, historical, other
     * person), [1] open (hypothetical).
     */
    private List<TriageExplanation.Finding>[] findings(Analysis main) {
        @SuppressWarnings("unchecked")
        List<TriageExplanation.Finding>[] out = new List[] {List.of(), List.of()};
        for (int c : protocol.redFlagConcepts()) {
            List<Mention> ms = main.mentions(c);
            for (int i = 0; i < ms.size(); i++) {
                Mention m = ms.get(i);
                if (m.current()) continue;
                int k = m.context() == Analysis.Context.HYPOTHETICAL ? 1 : 0;
                if (out[k].isEmpty()) out[k] = new ArrayList<>(2);
                TriageExplanation.Finding f = new TriageExplanation.Finding(m.concept(), m.text(), m.context().code());
                if (!out[k].contains(f)) out[k].add(f);
            }
        }
        return out;
    }

    /**
     * The screening questions of the complaint protocols the call names (not the always-on vital signs, not the
     * administrative ones), each protocol's in order up to its first "yes", once each: a question is critical when
     * its "yes" would escalate a call that is not escalated yet.
     */
    private List<Question> questions(Evaluation ev, List<List<String>> seenBy, TriageLevel level, Map<String, Answer> answers) {
        List<Question> out = new ArrayList<>();
        Set<String> asked = new java.util.HashSet<>();
        List<Complaint> complaints = protocol.complaints();
        for (int ci = 0; ci < complaints.size(); ci++) {
            Complaint c = complaints.get(ci);
            if (c.always() || c.administrative() || seenBy.get(ci).isEmpty()) continue;
            for (int q : c.questions()) {
                Rule r = protocol.rules().get(q);
                List<Hit> hits = ev.rule(q);
                Answer given = answers.get(r.id());
                if (asked.add(r.id())) {
                    // the caller's words settle it; otherwise the agent's answer, if any
                    String answer = ev.textFired(q) ? "yes" : given != null ? given.code() : null;
                    List<String> evidence = hits == null ? List.of() : hits.stream().map(Hit::text).distinct().toList();
                    // a "yes" would escalate a call that is not escalated yet: it must be asked before any booking
                    boolean critical = r.level().escalates() && !level.escalates();
                    out.add(new Question(r.id(), r.ask(), critical, answer, evidence, c.id()));
                }
                if (hits != null) break;
            }
        }
        return out;
    }

    private static MatchedRule firedRule(List<MatchedRule> matched, String id) {
        for (MatchedRule r : matched) if (r.id().equals(id)) return r;
        throw new IllegalStateException(id);
    }

    private static Number trim(double d) {
        return d == Math.rint(d) ? (Number) (long) d : (Number) d;
    }

    private static boolean explainedBy(Analysis a, Mention m, Set<String> words) {
        if (words.isEmpty()) return false;
        for (int t = m.start(); t < m.end(); t++) {
            if (!words.contains(a.tokens.get(t).stem())) return false;
        }
        return true;
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }

    /** Per-call facts plus a memo of rule results (rules may reference each other). */
    private final class Evaluation implements Condition.Facts {
        private static final List<Hit> FALSE = new ArrayList<>(0);
        private final Analysis main;
        private final Analysis meds;
        private final Map<Vital, List<Reading>> readings;
        private final Integer age;
        private final List<Hit>[] memo;
        private final List<Hit>[] conceptMemo;
        private final Map<String, Answer> answers;
        private final boolean[] fromText;

        @SuppressWarnings("unchecked")
        Evaluation(Analysis main, Analysis meds, Map<Vital, List<Reading>> readings, Integer age, Map<String, Answer> answers) {
            this.answers = answers;
            this.fromText = new boolean[protocol.rules().size()];
            this.main = main;
            this.meds = meds;
            this.readings = readings;
            this.age = age;
            this.memo = new List[protocol.rules().size()];
            this.conceptMemo = new List[protocol.lexicon().conceptCount() * 2];
        }

        @Override
        public List<Mention> mentions(int concept, boolean withMeds) {
            List<Mention> a = main.mentions(concept);
            if (meds == null || !withMeds) return a;
            List<Mention> b = meds.mentions(concept);
            if (b.isEmpty()) return a;
            List<Mention> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }

        @Override
        public List<Reading> readings(Vital v) {
            return readings.getOrDefault(v, List.of());
        }

        @Override
        public Integer age() {
            return age;
        }

        /** True when the caller's words (not an agent's answer) fired the rule. */
        boolean textFired(int index) {
            rule(index);
            return fromText[index];
        }

        @Override
        public List<Hit> concept(int index, boolean anyTime) {
            if (index < 0) return null;
            int k = index * 2 + (anyTime ? 1 : 0);
            List<Hit> m = conceptMemo[k];
            if (m == null) {
                List<Hit> r = Condition.Concept.hits(this, index, anyTime);
                conceptMemo[k] = m = r == null ? FALSE : r;
            }
            return m == FALSE ? null : m;
        }

        @Override
        public List<Hit> rule(int index) {
            List<Hit> m = memo[index];
            if (m == null) {
                Rule rule = protocol.rules().get(index);
                List<Hit> r = rule.when().eval(this);
                fromText[index] = r != null;
                Answer a = answers.isEmpty() ? null : answers.get(rule.id());
                if (r == null && a != null && a.counts()) r = List.of(Hit.value("agent: " + a.code()));
                memo[index] = m = r == null ? FALSE : r;
            }
            return m == FALSE ? null : m;
        }
    }
}
