package health.safeline.triage.engine;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers said in words, as agents type them from the caller, rewritten as digits before vital signs are read:
 * "one ninety over one ten" (190 over 110), "a hundred and two", "one oh two", "ninety eight point six",
 * "three point two". A lone "one" to "nine" stays a word ("one side", "two days").
 */
final class SpokenNumbers {
    private static final Map<String, Integer> UNITS = Map.of("one", 1, "two", 2, "three", 3, "four", 4, "five", 5,
            "six", 6, "seven", 7, "eight", 8, "nine", 9);
    private static final Map<String, Integer> TEENS = Map.of("ten", 10, "eleven", 11, "twelve", 12, "thirteen", 13,
            "fourteen", 14, "fifteen", 15, "sixteen", 16, "seventeen", 17, "eighteen", 18, "nineteen", 19);
    private static final Map<String, Integer> TENS = Map.of("twenty", 20, "thirty", 30, "forty", 40, "fifty", 50,
            "sixty", 60, "seventy", 70, "eighty", 80, "ninety", 90);
    private static final Pattern WORD = Pattern.compile("[a-z]+");
    private static final Pattern ANY = Pattern.compile(
            "(?i)\\b(?:hundred|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|ten|eleven|twelve|thirteen|fourteen|"
                    + "fifteen|sixteen|seventeen|eighteen|nineteen|point|oh)\\b");

    private SpokenNumbers() {
    }

    /** The text with each run of number words replaced by its digits; the text itself when it has none. */
    static String digits(String text) {
        if (!ANY.matcher(text).find()) return text;
        String lower = text.toLowerCase(java.util.Locale.ROOT).replace('-', ' ');
        java.util.List<int[]> words = new java.util.ArrayList<>();
        Matcher m = WORD.matcher(lower);
        while (m.find()) words.add(new int[] {m.start(), m.end()});
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        for (int i = 0; i < words.size(); ) {
            long[] parsed = parse(lower, words, i);
            if (parsed == null) {
                i++;
                continue;
            }
            int endWord = (int) parsed[1];
            out.append(text, copied, words.get(i)[0]).append(format(parsed[0], (int) parsed[2]));
            copied = words.get(endWord - 1)[1];
            i = endWord;
        }
        return copied == 0 ? text : out.append(text, copied, text.length()).toString();
    }

    private static String format(long tenths, int decimals) {
        return decimals == 0 ? Long.toString(tenths / 10) : (tenths / 10) + "." + (tenths % 10);
    }

    /** {value in tenths, index after the last word used, decimals} of the number starting at word i, or null. */
    private static long[] parse(String s, java.util.List<int[]> w, int i) {
        int n = w.size();
        String a = word(s, w, i);
        int j = i;
        long value;
        boolean spoken = false;
        if ((a.equals("a") || UNITS.containsKey(a)) && i + 1 < n && word(s, w, i + 1).equals("hundred")) {
            value = a.equals("a") ? 100 : UNITS.get(a) * 100L;
            j = i + 2;
            spoken = true;
            if (j < n && word(s, w, j).equals("and")) {
                long[] rest = tens(s, w, j + 1);
                if (rest != null) {
                    value += rest[0];
                    j = (int) rest[1];
                }
            } else {
                long[] rest = tens(s, w, j);
                if (rest != null) {
                    value += rest[0];
                    j = (int) rest[1];
                }
            }
        } else if (UNITS.containsKey(a) && i + 1 < n && (TENS.containsKey(word(s, w, i + 1)) || TEENS.containsKey(word(s, w, i + 1)))) {
            long[] rest = tens(s, w, i + 1);
            value = UNITS.get(a) * 100L + rest[0];
            j = (int) rest[1];
            spoken = true;
        } else if (UNITS.containsKey(a) && i + 2 < n && word(s, w, i + 1).equals("oh") && UNITS.containsKey(word(s, w, i + 2))) {
            value = UNITS.get(a) * 100L + UNITS.get(word(s, w, i + 2));
            j = i + 3;
            spoken = true;
        } else {
            long[] t = tens(s, w, i);
            if (t != null) {
                value = t[0];
                j = (int) t[1];
                spoken = true;
            } else if (UNITS.containsKey(a)) {
                value = UNITS.get(a);
                j = i + 1;
            } else {
                return null;
            }
        }
        if (j + 1 < n && word(s, w, j).equals("point") && UNITS.containsKey(word(s, w, j + 1))) {
            return new long[] {value * 10 + UNITS.get(word(s, w, j + 1)), j + 2, 1};
        }
        if (j + 1 < n && word(s, w, j).equals("point") && word(s, w, j + 1).equals("zero")) {
            return new long[] {value * 10, j + 2, 1};
        }
        return spoken ? new long[] {value * 10, j, 0} : null;
    }

    /** A tens word with an optional unit, a teen, or a unit: {value, index after}; null otherwise. */
    private static long[] tens(String s, java.util.List<int[]> w, int i) {
        if (i >= w.size()) return null;
        String a = word(s, w, i);
        if (TEENS.containsKey(a)) return new long[] {TEENS.get(a), i + 1};
        if (TENS.containsKey(a)) {
            if (i + 1 < w.size() && UNITS.containsKey(word(s, w, i + 1)) && adjacent(s, w, i)) {
                return new long[] {TENS.get(a) + UNITS.get(word(s, w, i + 1)), i + 2};
            }
            return new long[] {TENS.get(a), i + 1};
        }
        if (UNITS.containsKey(a)) return new long[] {UNITS.get(a), i + 1};
        return null;
    }

    /** Words i and i+1 separated by spaces only ("ninety five", not "ninety, five"). */
    private static boolean adjacent(String s, java.util.List<int[]> w, int i) {
        for (int k = w.get(i)[1]; k < w.get(i + 1)[0]; k++) if (s.charAt(k) != ' ') return false;
        return true;
    }

    private static String word(String s, java.util.List<int[]> w, int i) {
        return s.substring(w.get(i)[0], w.get(i)[1]);
    }
}
