package health.safeline.triage.engine;

import health.safeline.triage.engine.Text.Kind;
import health.safeline.triage.engine.Text.Token;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiled phrases indexed by the stem of their first word. Phrase syntax: words separated by spaces,
 * {@code a|b} alternatives for one word, {@code (a b|c d)} alternatives of word sequences, {@code [a|b c]} an
 * optional group, {@code ...} a gap of up to {@code gapWords} words inside one clause, {@code $NAME} a macro.
 */
final class Lexicon {
    /** One position of a phrase: the accepted stem ids, or a gap (ids null). */
    record Elem(BitSet ids, int gap) {
    }

    /** A compiled phrase; its last word is checked first against the words present in the text. */
    record Phrase(String concept, int conceptIndex, Elem[] elems, int order, int[] lastIds) {
    }

    /** The phrases starting with one word: by their second word, or in {@code any} (one word, or a gap next). */
    private static final class Bucket {
        final List<Phrase> any = new ArrayList<>(2);
        final Map<Integer, List<Phrase>> bySecond = new HashMap<>();
    }

    /** A raw match of a phrase: concept, token range [start, end) and the phrase that matched. */
    record Match(String concept, int start, int end, Phrase phrase) {
    }

    private static final int MAX_VARIANTS = 512;
    /** Words that may stand between two words of a phrase without breaking it. */
    private static final java.util.Set<String> DETERMINERS = java.util.Set.of("the", "a", "an", "any", "her", "his", "their", "my",
            "your", "its", "our");
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<String, Integer> concepts = new HashMap<>();
    private final List<Bucket> byFirst = new ArrayList<>();
    private int phrases;
    private final Map<String, List<List<String>>> macros;
    private final int gapWords;
    /** Stems used by concept phrases (not by context triggers): the words spelling tolerance may read a typo as. */
    private final Map<String, Integer> conceptWords = new HashMap<>();
    private boolean addingConcept;
    private Spelling spelling;

    Lexicon(Map<String, List<List<String>>> macros, int gapWords) {
        this.macros = macros;
        this.gapWords = gapWords;
    }

    /** Compiles and adds a phrase; throws IllegalArgumentException with the reason on bad syntax. */
    void add(String concept, String phrase) {
        String p = phrase == null ? "" : phrase.trim().replaceAll("(?<=\\w)-(?=\\w)", " ");
        if (p.isEmpty()) throw new IllegalArgumentException("empty phrase");
        int[] pos = {0};
        addingConcept = concept.charAt(0) != '@';
        List<List<Elem>> variants = sequence(p, pos, false);
        if (pos[0] < p.length()) throw new IllegalArgumentException("unbalanced ')' or ']'");
        int conceptIndex = concepts.computeIfAbsent(concept, k -> concepts.size());
        for (List<Elem> v : variants) {
            if (v.isEmpty()) throw new IllegalArgumentException("phrase can be empty");
            Elem[] elems = v.toArray(new Elem[0]);
            if (elems[0].ids() == null || elems[elems.length - 1].ids() == null) {
                throw new IllegalArgumentException("a phrase cannot start or end with '...'");
            }
            Phrase ph = new Phrase(concept, conceptIndex, elems, phrases++, elems[elems.length - 1].ids().stream().toArray());
            BitSet first = elems[0].ids();
            BitSet second = elems.length > 1 ? elems[1].ids() : null;
            for (int id = first.nextSetBit(0); id >= 0; id = first.nextSetBit(id + 1)) {
                Bucket b = byFirst.get(id);
                if (second == null) {
                    b.any.add(ph);
                } else {
                    for (int s = second.nextSetBit(0); s >= 0; s = second.nextSetBit(s + 1)) {
                        b.bySecond.computeIfAbsent(s, k -> new ArrayList<>(2)).add(ph);
                    }
                }
            }
        }
    }

    /** Parses items up to the end, or (inGroup) up to an unmatched '|', ')' or ']'. */
    private List<List<Elem>> sequence(String p, int[] pos, boolean inGroup) {
        List<List<Elem>> variants = new ArrayList<>();
        variants.add(new ArrayList<>());
        while (pos[0] < p.length()) {
            char c = p.charAt(pos[0]);
            if (Character.isWhitespace(c)) {
                pos[0]++;
                continue;
            }
            if (inGroup && (c == '|' || c == ')' || c == ']')) break;
            if (c == ')' || c == ']') break;
            List<List<Elem>> alts;
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                pos[0]++;
                alts = new ArrayList<>();
                while (true) {
                    alts.addAll(sequence(p, pos, true));
                    if (pos[0] >= p.length()) throw new IllegalArgumentException("missing '" + close + "'");
                    char d = p.charAt(pos[0]++);
                    if (d == close) break;
                    if (d != '|') throw new IllegalArgumentException("unexpected '" + d + "'");
                }
                if (close == ']') alts.add(List.of());
            } else {
                int st = pos[0];
                while (pos[0] < p.length() && !Character.isWhitespace(p.charAt(pos[0])) && "()[]".indexOf(p.charAt(pos[0])) < 0
                        && !(inGroup && p.charAt(pos[0]) == '|')) {
                    pos[0]++;
                }
                String tok = p.substring(st, pos[0]);
                alts = new ArrayList<>();
                if (tok.equals("...")) {
                    alts.add(List.of(new Elem(null, gapWords)));
                } else if (tok.startsWith("$")) {
                    List<List<String>> m = macros.get(tok.substring(1));
                    if (m == null) throw new IllegalArgumentException("unknown macro " + tok);
                    for (List<String> seq : m) {
                        List<Elem> elems = new ArrayList<>();
                        for (String w : seq) elems.add(word(w));
                        alts.add(elems);
                    }
                } else {
                    alts.add(List.of(word(tok)));
                }
            }
            List<List<Elem>> next = new ArrayList<>();
            for (List<Elem> v : variants) {
                for (List<Elem> a : alts) {
                    List<Elem> nv = new ArrayList<>(v);
                    nv.addAll(a);
                    next.add(nv);
                }
            }
            if (next.size() > MAX_VARIANTS) throw new IllegalArgumentException("too many variants");
            variants = next;
        }
        return variants;
    }


    private Elem word(String alternatives) {
        BitSet bits = new BitSet();
        for (String a : alternatives.split("\\|")) {
            if (a.isEmpty()) throw new IllegalArgumentException("empty alternative in '" + alternatives + "'");
            List<Token> t = Text.tokenize(a);
            if (t.size() != 1 || t.get(0).kind() != Kind.WORD) {
                throw new IllegalArgumentException("'" + a + "' is not a single word (use spaces, not punctuation)");
            }
            int id = id(t.get(0).stem());
            if (addingConcept) conceptWords.put(t.get(0).stem(), id);
            bits.set(id);
        }
        return new Elem(bits, 0);
    }

    private int id(String stem) {
        Integer id = ids.get(stem);
        if (id == null) {
            id = ids.size();
            ids.put(stem, id);
            byFirst.add(new Bucket());
        }
        return id;
    }

    /** Turns on spelling tolerance for the concept words (after every phrase is added). */
    void tolerateSpelling(java.util.Set<String> exclude, int minLength) {
        spelling = new Spelling(conceptWords, exclude, minLength);
    }

    /** All matches in {@code text} (tokenised as {@code toks}), per concept the longest non-overlapping ones, in text order. */
    List<Match> matchAll(List<Token> toks, String text) {
        List<Match> raw = new ArrayList<>();
        int n = toks.size();
        int[] tid = new int[n];
        BitSet present = new BitSet(ids.size());
        for (int i = 0; i < n; i++) {
            Token t = toks.get(i);
            Integer id = t.kind() == Kind.WORD ? ids.get(t.stem()) : null;
            if (id == null && spelling != null && t.kind() == Kind.WORD) {
                int c = spelling.correct(text.substring(t.start(), t.end()), t.stem());
                if (c >= 0) id = c;
            }
            tid[i] = id == null ? -1 : id;
            if (id != null) present.set(id);
        }
        boolean[] det = new boolean[n];
        for (int i = 0; i < n; i++) det[i] = toks.get(i).kind() == Kind.WORD && DETERMINERS.contains(toks.get(i).stem());
        for (int i = 0; i < n; i++) {
            if (tid[i] < 0) continue;
            Bucket b = byFirst.get(tid[i]);
            for (Phrase ph : b.any) tryMatch(ph, i, tid, det, toks, present, raw);
            for (int j = i + 1; j < n && j <= i + 2; j++) {
                List<Phrase> next = tid[j] < 0 ? null : b.bySecond.get(tid[j]);
                if (next != null) for (Phrase ph : next) tryMatch(ph, i, tid, det, toks, present, raw);
                if (!det[j]) break;
            }
        }
        // keep, per concept, the longest match at each start and drop matches overlapping a kept one
        raw.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start())
                : a.end() != b.end() ? Integer.compare(b.end(), a.end()) : Integer.compare(a.phrase().order(), b.phrase().order()));
        int[] lastEnd = new int[concepts.size()];
        List<Match> out = new ArrayList<>(raw.size());
        for (Match m : raw) {
            int c = m.phrase().conceptIndex();
            if (m.start() < lastEnd[c]) continue;
            lastEnd[c] = m.end();
            out.add(m);
        }
        return out;
    }

    private static boolean anyPresent(int[] ids, BitSet present) {
        for (int id : ids) if (present.get(id)) return true;
        return false;
    }

    private static void tryMatch(Phrase ph, int i, int[] tid, boolean[] det, List<Token> toks, BitSet present, List<Match> raw) {
        Elem[] el = ph.elems();
        // cheap rejection before the full match: the last word absent from the text
        if (el.length > 1 && !anyPresent(ph.lastIds(), present)) return;
        int end = match(el, 1, tid, det, toks, i + 1);
        if (end > 0) raw.add(new Match(ph.concept(), i, end, ph));
    }

    /** Dense index of a concept (or trigger) id, or -1 when it has no phrase. */
    int conceptIndex(String concept) {
        Integer i = concepts.get(concept);
        return i == null ? -1 : i;
    }

    int conceptCount() {
        return concepts.size();
    }

    /** True when the word is one of the phrase's own words (not a word skipped by a '...' gap). */
    boolean literal(Phrase ph, String stem) {
        Integer id = ids.get(stem);
        if (id == null) return false;
        for (Elem e : ph.elems()) if (e.ids() != null && e.ids().get(id)) return true;
        return false;
    }

    /** True when the phrase has a '...' gap. */
    static boolean hasGap(Phrase ph) {
        for (Elem e : ph.elems()) if (e.ids() == null) return true;
        return false;
    }

    private static int match(Elem[] e, int k, int[] tid, boolean[] det, List<Token> toks, int i) {
        if (k == e.length) return i;
        Elem el = e[k];
        if (el.ids() == null) {
            int best = -1;
            for (int skip = 0; skip <= el.gap(); skip++) {
                int j = i + skip;
                if (skip > 0 && (j - 1 >= toks.size() || toks.get(j - 1).kind() != Kind.WORD)) break;
                int r = match(e, k + 1, tid, det, toks, j);
                if (r > best) best = r;
            }
            return best;
        }
        if (i >= tid.length) return -1;
        if (tid[i] >= 0 && el.ids().get(tid[i])) return match(e, k + 1, tid, det, toks, i + 1);
        // one determiner or possessive between two words of a phrase: "dropping her cup", "hit the head"
        if (det[i] && e[k - 1].ids() != null && i + 1 < tid.length && tid[i + 1] >= 0 && el.ids().get(tid[i + 1])) {
            return match(e, k + 1, tid, det, toks, i + 2);
        }
        return -1;
    }
}
