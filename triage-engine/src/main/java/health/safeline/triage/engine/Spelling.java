package health.safeline.triage.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spelling tolerance for the lexicon's words ("sweling", "dizzey", "vomitting"): an unknown word of at least
 * {@code minLength} letters is read as the one lexicon word within Damerau-Levenshtein (optimal string alignment)
 * distance 1, or 2 from 9 letters, that starts with the same letter; never on English words (SCOWL's word list,
 * english-words.txt.gz), shorter words, words with digits, abbreviations written in capitals, excluded words, or
 * when two lexicon words are equally near. Candidates
 * come from a symmetric-delete index (Garbe's SymSpell): every word with up to two letters deleted.
 */
final class Spelling {
    private static final int MAX_CACHE = 50_000;
    private static final int NONE = -1;

    private final Map<String, int[]> deletes = new HashMap<>();
    private final Map<Integer, String> words = new HashMap<>();
    private final Set<String> exclude;
    private final int minLength;
    /** Corrections already computed (a pure function of the word, so sharing them between threads changes no output). */
    private final ConcurrentHashMap<String, Integer> cache = new ConcurrentHashMap<>();

    /** {@code vocabulary}: stem to lexicon word id, for the words that concept phrases use. */
    Spelling(Map<String, Integer> vocabulary, Set<String> exclude, int minLength) {
        this.exclude = exclude;
        this.minLength = minLength;
        vocabulary.forEach((stem, id) -> {
            if (stem.length() < minLength - 1 || !letters(stem)) return;
            words.put(id, stem);
            for (String d : variants(stem, 2)) {
                int[] ids = deletes.get(d);
                if (ids == null) {
                    deletes.put(d, new int[] {id});
                } else if (!contains(ids, id)) {
                    int[] more = java.util.Arrays.copyOf(ids, ids.length + 1);
                    more[ids.length] = id;
                    deletes.put(d, more);
                }
            }
        });
    }

    /** The lexicon word id that {@code raw} (as written; {@code stem} its stem) misspells, or -1. */
    int correct(String raw, String stem) {
        if (raw.length() < minLength || !letters(raw) || capitals(raw) || exclude.contains(stem)) return NONE;
        Integer cached = cache.get(stem);
        if (cached != null) return cached;
        if (English.WORDS.contains(raw.toLowerCase(java.util.Locale.ROOT))) {
            if (cache.size() < MAX_CACHE) cache.put(stem, NONE);
            return NONE;
        }
        int max = raw.length() >= 9 ? 2 : 1;
        int bestDistance = Integer.MAX_VALUE;
        List<Integer> best = new ArrayList<>(2);
        for (String d : variants(stem, max)) {
            int[] ids = deletes.get(d);
            if (ids == null) continue;
            for (int id : ids) {
                String w = words.get(id);
                if (w.charAt(0) != stem.charAt(0) || best.contains(id)) continue;
                int dist = distance(stem, w, max);
                if (dist > max || dist > bestDistance) continue;
                if (dist < bestDistance) best.clear();
                bestDistance = dist;
                best.add(id);
            }
        }
        if (best.size() > 1) best = nearestToWritten(raw.toLowerCase(java.util.Locale.ROOT), best);
        boolean tie = best.size() != 1;
        int result = tie ? NONE : best.get(0);
        if (cache.size() < MAX_CACHE) cache.put(stem, result);
        return result;
    }

    /** Between stems equally near, the ones nearest to the word as written ("sweling": swell, not swol). */
    private List<Integer> nearestToWritten(String written, List<Integer> ids) {
        List<Integer> out = new ArrayList<>(2);
        int min = Integer.MAX_VALUE;
        for (int id : ids) {
            int dist = distance(written, words.get(id), 9);
            if (dist < min) out.clear();
            if (dist <= min) {
                min = dist;
                out.add(id);
            }
        }
        return out;
    }

    /** The word and every string made from it by deleting up to {@code max} letters. */
    private static List<String> variants(String w, int max) {
        List<String> out = new ArrayList<>();
        out.add(w);
        List<String> level = List.of(w);
        for (int k = 0; k < max; k++) {
            List<String> next = new ArrayList<>();
            for (String s : level) {
                if (s.length() <= 2) continue;
                for (int i = 0; i < s.length(); i++) {
                    String d = s.substring(0, i) + s.substring(i + 1);
                    if (!out.contains(d)) {
                        out.add(d);
                        next.add(d);
                    }
                }
            }
            level = next;
        }
        return out;
    }

    /** Optimal string alignment distance, or max + 1 once it exceeds max. */
    static int distance(String a, String b, int max) {
        if (Math.abs(a.length() - b.length()) > max) return max + 1;
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            int rowMin = Integer.MAX_VALUE;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > max) return max + 1;
        }
        return d[a.length()][b.length()];
    }

    /** The English words of five letters or more, read once. */
    private static final class English {
        static final Set<String> WORDS = read();

        private static Set<String> read() {
            try (var in = Spelling.class.getResourceAsStream("english-words.txt.gz")) {
                if (in == null) throw new IllegalStateException("english-words.txt.gz missing from the engine");
                var lines = new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(in),
                        java.nio.charset.StandardCharsets.UTF_8));
                Set<String> words = new java.util.HashSet<>(100_000);
                for (String w = lines.readLine(); w != null; w = lines.readLine()) words.add(w);
                return Set.copyOf(words);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static boolean letters(String s) {
        for (int i = 0; i < s.length(); i++) if (!Character.isLetter(s.charAt(i))) return false;
        return true;
    }

    /** An abbreviation as agents write them: two or more letters, all capitals ("BRBPR", "COPD"). */
    private static boolean capitals(String s) {
        for (int i = 0; i < s.length(); i++) if (!Character.isUpperCase(s.charAt(i))) return false;
        return true;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) if (x == v) return true;
        return false;
    }
}
