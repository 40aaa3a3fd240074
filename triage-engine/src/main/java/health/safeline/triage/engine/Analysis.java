package health.safeline.triage.engine;

import health.safeline.triage.engine.Text.Kind;
import health.safeline.triage.engine.Text.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Concept mentions found in one text, each with its ConText category (Harkema et al., J Biomed Inform 2009):
 * affirmed, negated, historical, hypothetical or experienced by someone else, from trigger terms (protocol.yaml)
 * whose scope ends at a termination term, the sentence end or a window of words.
 */
final class Analysis {
    /** Reserved concept ids for the context triggers configured in protocol.yaml. */
    static final String BLOCK = "@block", NEG = "@neg", NEG_POST = "@neg-post", NEG_ANSWER = "@neg-answer", NEG_PSEUDO = "@neg-pseudo", NEG_END = "@neg-end",
            HIST = "@hist", HIST_POST = "@hist-post", HIST_PSEUDO = "@hist-pseudo", HIST_END = "@hist-end",
            OTHER = "@other", OTHER_POST = "@other-post", OTHER_PSEUDO = "@other-pseudo", OTHER_END = "@other-end",
            HYP = "@hyp", HYP_PSEUDO = "@hyp-pseudo", HYP_END = "@hyp-end";

    /** ConText's categories; only the first three dismiss a finding, a hypothetical one stays open. */
    enum Context {
        AFFIRMED, NEGATED, OTHER_PERSON, HISTORICAL, HYPOTHETICAL;

        private final String code = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');

        String code() {
            return code;
        }
    }

    /** A concept found in the text; start/end are token indexes, -1 sentence for the medication list. */
    record Mention(String concept, int start, int end, int sentence, Context context, String source, int from, int to) {
        /** The caller's words (cut from the text only when asked: most mentions are never shown). */
        String text() {
            return source.substring(from, to);
        }

        boolean negated() {
            return context == Context.NEGATED;
        }

        boolean history() {
            return context == Context.HISTORICAL;
        }

        /** Affirmed: present now, for the patient. */
        boolean current() {
            return context == Context.AFFIRMED;
        }
    }

    /**
     * Scope windows (words) of each kind of context trigger, and the words that mark a reason line as about someone
     * else ("sister's chest pain") or about a possibility ("chest pain question").
     */
    record Scopes(int negation, int history, int other, int hypothetical, java.util.Set<String> reasonOther,
            java.util.Set<String> reasonHypothetical) {
    }

    final List<Token> tokens;
    /** For each token index, the end indexes of concept matches starting there. */
    private final int[][] spanEnds;
    private final boolean[] negTrigger;
    private static final java.util.Set<String> TRAILERS = java.util.Set.of("herself", "himself", "themselves", "myself",
            "either", "too", "now", "today", "lately", "recently", "yet");
    private static final java.util.Set<String> LIST_WORDS = java.util.Set.of("and", "or", "nor", "&");
    private static final java.util.Set<String> FILLERS = java.util.Set.of("any", "other", "new", "recent", "significant", "no", "or", "and", "nor");
    private static final java.util.Set<String> PREPOSITIONS = java.util.Set.of("in", "on", "of", "to", "at", "from", "with", "around", "over", "under", "behind", "into", "when", "during");
    /** Mentions by concept index (Lexicon.conceptIndex); null when the concept is not mentioned. */
    private final List<Mention>[] byConcept;

    /**
     * @param reasonEnd length of the reason line at the start of {@code text} (0 when there is none): the reason is a
     *     label of the call, so its findings take the narrative's context when the narrative speaks of them only as
     *     someone else's or as a possibility ("sister's chest pain" then "her sister had chest pain")
     */
    @SuppressWarnings("unchecked")
    Analysis(String text, Lexicon lex, Scopes scopes, boolean medsList, int reasonEnd) {
        byConcept = new List[lex.conceptCount()];
        tokens = Text.tokenize(text);
        int n = tokens.size();
        List<Lexicon.Match> matches = lex.matchAll(tokens, text);
        boolean[] negEnd = new boolean[n + 1], histEnd = new boolean[n + 1], conceptStart = new boolean[n + 1];
        boolean[] negPseudo = new boolean[n + 1], histPseudo = new boolean[n + 1];
        boolean[] otherEnd = new boolean[n + 1], otherPseudo = new boolean[n + 1], hypEnd = new boolean[n + 1], hypPseudo = new boolean[n + 1];
        boolean[] negStart = null;
        List<Lexicon.Match> blocks = null;
        for (Lexicon.Match m : matches) {
            switch (m.concept()) {
                case NEG_END -> negEnd[m.start()] = histEnd[m.start()] = true;
                case HIST_END -> histEnd[m.start()] = true;
                case OTHER_END -> otherEnd[m.start()] = true;
                case HYP_END -> hypEnd[m.start()] = true;
                case NEG_PSEUDO -> mark(negPseudo, m.start(), m.end());
                case HIST_PSEUDO -> mark(histPseudo, m.start(), m.end());
                case OTHER_PSEUDO -> mark(otherPseudo, m.start(), m.end());
                case HYP_PSEUDO -> mark(hypPseudo, m.start(), m.end());
                case BLOCK -> {
                    if (blocks == null) blocks = new ArrayList<>(2);
                    blocks.add(m);
                }
                default -> {
                    if (m.concept().charAt(0) != '@') conceptStart[m.start()] = true;
                }
            }
        }
        // where a negation trigger starts: a list item ends there ("no lip or tongue swelling no trouble breathing")
        negTrigger = new boolean[n + 1];
        for (Lexicon.Match m : matches) if (m.concept().equals(NEG) && !negPseudo[m.start()]) negTrigger[m.start()] = true;
        spanEnds = new int[n + 1][];
        for (Lexicon.Match m : matches) {
            if (m.concept().charAt(0) == '@') continue;
            int[] e = spanEnds[m.start()];
            int[] ne = e == null ? new int[1] : java.util.Arrays.copyOf(e, e.length + 1);
            ne[ne.length - 1] = m.end();
            spanEnds[m.start()] = ne;
        }
        boolean[] negated = new boolean[n], history = new boolean[n], other = new boolean[n], hypothetical = new boolean[n];
        for (Lexicon.Match m : matches) {
            switch (m.concept()) {
                case NEG -> {
                    if (!negPseudo[m.start()]) {
                        if (negStart == null) negStart = new boolean[n + 1];
                        negStart[m.start()] = true;
                    }
                    if (!negPseudo[m.start()] && !conceptStart[m.start()]) forward(negated, m.end(), negEnd, false, true, scopes.negation());
                }
                case NEG_ANSWER -> {
                    if (!negPseudo[m.start()]) backwardInSentence(negated, m.start() - 1, scopes.negation());
                }
                case NEG_POST -> {
                    if (!negPseudo[m.start()]) backward(negated, m.start() - 1, scopes.negation());
                }
                case HIST -> {
                    if (!histPseudo[m.start()]) forward(history, m.end(), histEnd, true, true, scopes.history());
                }
                case HIST_POST -> {
                    if (!histPseudo[m.start()]) backward(history, m.start() - 1, scopes.history());
                }
                case OTHER -> {
                    if (!otherPseudo[m.start()]) forward(other, m.end(), otherEnd, false, false, scopes.other());
                }
                case OTHER_POST -> {
                    if (!otherPseudo[m.start()]) backward(other, m.start() - 1, scopes.other());
                }
                case HYP -> {
                    if (!hypPseudo[m.start()]) forward(hypothetical, m.end(), hypEnd, false, false, scopes.hypothetical());
                }
                default -> {
                }
            }
        }
        for (Lexicon.Match m : matches) {
            if (m.concept().charAt(0) == '@' || blocked(m, blocks)) continue;
            Token first = tokens.get(m.start());
            Token last = tokens.get(m.end() - 1);
            boolean isNeg = negated[m.start()] || (negStart != null && negatedInGap(m, negStart, lex));
            Context context = isNeg ? Context.NEGATED : other[m.start()] ? Context.OTHER_PERSON
                    : history[m.start()] ? Context.HISTORICAL : hypothetical[m.start()] ? Context.HYPOTHETICAL : Context.AFFIRMED;
            Mention men = new Mention(m.concept(), m.start(), m.end(), medsList ? -1 : first.sentence(),
                    context, text, first.start(), last.end());
            int c = m.phrase().conceptIndex();
            if (byConcept[c] == null) byConcept[c] = new ArrayList<>(2);
            byConcept[c].add(men);
        }
        boolean otherCue = false, hypCue = false;
        for (int i = 0; i < n && tokens.get(i).start() < reasonEnd; i++) {
            otherCue |= scopes.reasonOther().contains(tokens.get(i).stem());
            hypCue |= scopes.reasonHypothetical().contains(tokens.get(i).stem());
        }
        if (otherCue || hypCue) {
            for (List<Mention> l : byConcept) {
                if (l != null && l.size() > 1) labelLikeNarrative(l, reasonEnd, otherCue ? other : null, hypCue ? hypothetical : null);
            }
        }
    }

    /**
     * A reason line that names someone else or a question ({@code reasonCues} in protocol.yaml) takes the narrative's
     * context for a concept the narrative mentions, never affirms, and speaks of as someone else's or as a possibility
     * at least once (that trigger counts even where a negation or history word also applies). Without the cue, or on
     * negation or history alone, the reason stands: after "chest pain", "no chest pain now" may be pain just stopped,
     * and "her sister had chest pain too, he has had it since this morning" is the patient's.
     */
    private static void labelLikeNarrative(List<Mention> l, int reasonEnd, boolean[] other, boolean[] hypothetical) {
        boolean inReason = false;
        Context narrative = null;
        for (Mention m : l) {
            if (m.from() < reasonEnd) {
                inReason |= m.current();
            } else if (m.current()) {
                return;
            } else if (narrative == null && other != null && other[m.start()]) {
                narrative = Context.OTHER_PERSON;
            } else if (narrative == null && hypothetical != null && hypothetical[m.start()]) {
                narrative = Context.HYPOTHETICAL;
            }
        }
        if (!inReason || narrative == null) return;
        for (int i = 0; i < l.size(); i++) {
            Mention m = l.get(i);
            if (m.from() < reasonEnd && m.current()) {
                l.set(i, new Mention(m.concept(), m.start(), m.end(), m.sentence(), narrative, m.source(), m.from(), m.to()));
            }
        }
    }

    /**
     * A mention lying inside a longer phrase that names no finding ("fever" in "hay fever") is dropped, and so is one
     * whose phrase only spans it through a gap ("stool ... blood" over "stool test for blood"); a concept phrase that
     * is literally the same words still counts.
     */
    private static boolean blocked(Lexicon.Match m, List<Lexicon.Match> blocks) {
        if (blocks == null) return false;
        for (Lexicon.Match b : blocks) {
            if (b.start() > m.start() || m.end() > b.end()) continue;
            if ((m.end() - m.start()) < (b.end() - b.start()) || Lexicon.hasGap(m.phrase())) return true;
        }
        return false;
    }

    /** "neck not stiff", "breathing does not hurt": a negation word inside a phrase's gap negates the finding. */
    private boolean negatedInGap(Lexicon.Match m, boolean[] negStart, Lexicon lex) {
        if (m.end() - m.start() < 3 || !Lexicon.hasGap(m.phrase())) return false;
        for (int j = m.start() + 1; j < m.end() - 1; j++) {
            if (negStart[j] && !lex.literal(m.phrase(), tokens.get(j).stem())) return true;
        }
        return false;
    }

    private static void mark(boolean[] a, int from, int to) {
        for (int i = from; i < to; i++) a[i] = true;
    }

    /**
     * Marks a forward trigger scope. It ends at a sentence end, a terminator or the window; at a comma (negation
     * only) or a list word it continues only into a bare list item ("denies CP, SOB or nausea"), not into a new
     * finding ("no fever, calf swollen"). A comma list that "and" closes lists what the caller has, not what they
     * deny: "no injury, pain and swelling in her calf" negates the injury only. Someone else's or a hypothetical
     * scope ({@code listsEnd} false) runs on through "and": "her sister got shingles and almost lost the vision".
     */
    private void forward(boolean[] flag, int from, boolean[] end, boolean clauseEnds, boolean listsEnd, int window) {
        int words = 0;
        for (int j = from; j < tokens.size() && words < window; j++) {
            Token t = tokens.get(j);
            // a terminator right after the trigger is its verb, not a new clause: "does not feel dizzy", "not have"
            if (t.kind() == Kind.SENTENCE || (end[j] && j > from)) return;
            if (t.kind() == Kind.CLAUSE) {
                if (clauseEnds || !listItem(j + 1, false) || closedByAnd(j + 1, end)) return;
                continue;
            }
            if (listsEnd && LIST_WORDS.contains(t.stem()) && j > from) {
                if (!listItem(j + 1, true)) return;
                continue;
            }
            flag[j] = true;
            words++;
        }
    }

    /** Whether the list going on at k ends with "and" (not "or"/"nor") before the sentence or the scope ends. */
    private boolean closedByAnd(int k, boolean[] end) {
        for (int j = k; j < tokens.size(); j++) {
            Token t = tokens.get(j);
            if (t.kind() == Kind.SENTENCE || end[j]) return false;
            if (t.kind() == Kind.WORD && LIST_WORDS.contains(t.stem())) return t.stem().equals("and") || t.stem().equals("&");
        }
        return false;
    }

    /**
     * True when the clause piece starting at k is one concept mention, optionally followed by a prepositional phrase.
     * After "or"/"and" (not after a comma) one qualifying word may come first: "no jaw or arm pain".
     */
    private boolean listItem(int k, boolean afterListWord) {
        int n = tokens.size();
        while (k < n && tokens.get(k).kind() == Kind.WORD && FILLERS.contains(tokens.get(k).stem())) k++;
        if (k >= n || tokens.get(k).kind() != Kind.WORD) return false;
        int pieceEnd = k;
        while (pieceEnd < n && tokens.get(pieceEnd).kind() == Kind.WORD && !LIST_WORDS.contains(tokens.get(pieceEnd).stem())
                && !(pieceEnd > k && negTrigger[pieceEnd])) pieceEnd++;
        // "no rash or pain herself": a trailing reflexive or adverb belongs to no finding
        while (pieceEnd - 1 > k && TRAILERS.contains(tokens.get(pieceEnd - 1).stem())) pieceEnd--;
        for (int s = k; s < pieceEnd && s <= (afterListWord ? k + 1 : k); s++) {
            int[] ends = spanEnds[s];
            if (ends == null) continue;
            for (int e : ends) {
                if (e >= pieceEnd) return true;
                // the mention, then a prepositional phrase: "numbness in legs", or a mention ending with its preposition
                if (s == k && (PREPOSITIONS.contains(tokens.get(e).stem()) || PREPOSITIONS.contains(tokens.get(e - 1).stem()))) return true;
            }
        }
        return false;
    }

    /** An answer ("no, nothing like that") negates back to the start of its sentence, across clause breaks. */
    private void backwardInSentence(boolean[] flag, int from, int window) {
        int words = 0;
        for (int j = from; j >= 0 && words < window; j--) {
            Token t = tokens.get(j);
            if (t.kind() == Kind.SENTENCE) return;
            if (t.kind() != Kind.WORD) continue;
            flag[j] = true;
            words++;
        }
    }

    private void backward(boolean[] flag, int from, int window) {
        int words = 0;
        for (int j = from; j >= 0 && words < window; j--) {
            Token t = tokens.get(j);
            if (t.kind() != Kind.WORD) return;
            flag[j] = true;
            words++;
        }
    }

    /** True when a finding is spoken of as a possibility or as someone else's: the call is a question about it. */
    boolean asksAboutAFinding() {
        for (List<Mention> l : byConcept) {
            if (l == null) continue;
            for (Mention m : l) {
                if (m.context() == Context.HYPOTHETICAL || m.context() == Context.OTHER_PERSON) return true;
            }
        }
        return false;
    }

    List<Mention> mentions(int concept) {
        List<Mention> l = concept < 0 ? null : byConcept[concept];
        return l == null ? List.of() : l;
    }
}
