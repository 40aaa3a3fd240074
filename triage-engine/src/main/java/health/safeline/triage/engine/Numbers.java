package health.safeline.triage.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds vital-sign values and ages written in free text ("BP 196/118", "101.5F", "sats 89%", "meter reads 41"). */
final class Numbers {
    private Numbers() {
    }

    /** A value found in the text or the structured vitals, with the words that showed it. */
    record Reading(Vital vital, double value, String evidence) {
    }

    private static final String FILL = "[^\\d,;!?/\\n]{0,20}?";
    private static final int F = 0;
    private static final Pattern BP = Pattern.compile("(?<![\\d/.])(\\d{2,3})\\s*/\\s*(\\d{2,3})(?![\\d/])", F);
    private static final Pattern BP_LABEL = Pattern.compile("\\b(?:bp|b/p|blood pressure|pressure)\\b[^\\d,;!?/\\n]{0,20}$", F);
    /** "190 over 110", only right after a blood-pressure word ("BP 190 over 110", "pressure is 200 over 100"). */
    private static final Pattern BP_OVER = Pattern.compile(
            "\\b(?:bp|b/p|blood pressure|pressure|reading|readings)\\b[^\\d,;!?/\\n]{0,20}?(?<![\\d.])(\\d{2,3})\\s+(?:over|on)\\s+(\\d{2,3})(?![\\d/]|\\.\\d)", F);
    /** "174 over 100" anywhere in a call that speaks of blood pressure ("bp usually 120s, today 174 over 100"). */
    private static final Pattern BP_OVER_BARE = Pattern.compile("(?<![\\d./])(\\d{2,3})\\s+over\\s+(\\d{2,3})(?![\\d/]|\\.\\d)", F);
    private static final Pattern SYS = Pattern.compile("\\b(?:systolic|sbp|top number|upper number|top reading)\\b" + FILL + "(?<![\\d.])(\\d{2,3})(?![\\d/])", F);
    private static final Pattern DIA = Pattern.compile("\\b(?:diastolic|dbp)\\b" + FILL + "(?<![\\d.])(\\d{2,3})(?![\\d/])", F);
    private static final Pattern TEMP_LABEL = Pattern.compile(
            "\\b(?:temperature|temp|fever|febrile|pyrexia)\\b" + FILL
                    + "(?<![\\d.])(\\d{2,3}(?:\\.\\d+)?)(?:\\s*(?:\u00b0|\u00ba|deg(?:rees?)?)?\\s*([cf])\\b)?", F);
    private static final Pattern TEMP_UNIT = Pattern.compile(
            "(?<![\\d.])(\\d{2,3}(?:\\.\\d+)?)\\s*(?:(?:\u00b0|\u00ba|deg(?:rees?)?)\\s*([cf])?\\b|([cf])\\b)", F);
    private static final Pattern SPO2 = Pattern.compile(
            "\\b(?:spo2|sp02|sao2|o2 sats?|o2 saturation|oxygen saturation|oxygen sats?|oxygen levels?|oxygen|o2 levels?|"
                    + "o2|sats?|saturations?|pulse ?ox(?:imeter|imetry)?)\\b" + FILL + "(?<![\\d.])(\\d{2,3})(?![\\d/]|\\.\\d)\\s*%?", F);
    private static final Pattern SPO2_RA = Pattern.compile(
            "(?<![\\d.])(\\d{2,3})\\s*%\\s*(?:on\\s+)?(?:room air|ra\\b|o2\\b|sats?\\b|oxygen\\b)", F);
    private static final Pattern HR = Pattern.compile(
            "\\b(?:hr|heart rate|heartrate|heart beat|heartbeat|heart(?: is)? (?:racing|pounding|beating|going|running)|pulse(?!\\s*ox)(?: rate)?)\\b" + FILL
                    + "(?<![\\d.])(\\d{2,3})(?![\\d/]|\\.\\d)", F);
    private static final Pattern HR_UNIT = Pattern.compile(
            "(?<![\\d.])(\\d{2,3})\\s*(?:bpm|beats (?:per|a|/) ?min(?:ute)?)\\b", F);
    private static final Pattern RR = Pattern.compile(
            "\\b(?:rr|resp(?:iratory)? rate|respirations?|resps|breathing rate)\\b" + FILL
                    + "(?<![\\d.])(\\d{1,2})(?![\\d/]|\\.\\d)", F);
    private static final Pattern RR_UNIT = Pattern.compile("(?<![\\d.])(\\d{1,2})\\s*breaths\\b", F);
    /** A glucose label may stand further from its value, across commas ("checked his sugar on his meter, and it said 2.6"). */
    private static final String FILL_GLUCOSE = "[^\\d;!?/\\n]{0,40}?";
    private static final Pattern GLU = Pattern.compile(
            "\\b(?:glucose|blood sugars?|sugars?|bg|bgl|cbg|bs|fsbs|fingerstick|finger stick|glucometer|meter)\\b"
                    + FILL_GLUCOSE + "(?<![\\d.])(\\d{2,4}|\\d{1,2}\\.\\d)(?![\\d/]|\\.\\d)", F);
    private static final Pattern GLU_UNIT = Pattern.compile("(?<![\\d.])(\\d{2,4})\\s*mg\\s*/?\\s*dl\\b", F);
    private static final Pattern GLU_MMOL = Pattern.compile("(?<![\\d.])(\\d{1,2}(?:\\.\\d)?)\\s*mmol", F);
    private static final Pattern AGE = Pattern.compile(
            "(?<![\\d.])(\\d{2,3})\\s*-?\\s*(?:yo|y/o|y\\.o\\.?|yrs? old|years? old|-?year-old|-?yr-old)\\b", F);

    /** Every plausible reading in the text, deduplicated, in a fixed order. */
    static List<Reading> find(String said) {
        String text = SpokenNumbers.digits(said);
        List<Reading> out = new ArrayList<>();
        boolean digit = false;
        for (int i = 0; i < text.length() && !digit; i++) digit = Character.isDigit(text.charAt(i));
        if (!digit) return out;
        String lower = lower(text);
        Starts starts = new Starts(lower);
        if (lower.indexOf('/') >= 0) {
            Finder f = new Finder(BP, lower, starts);
            while (f.find()) {
                Matcher m = f.m;
                int s = Integer.parseInt(m.group(1));
                int d = Integer.parseInt(m.group(2));
                if (s > d && Vital.SYSTOLIC.plausible(s) && Vital.DIASTOLIC.plausible(d) && s >= 60) {
                    int from = Math.max(0, m.start() - 40);
                    Matcher l = BP_LABEL.matcher(lower).region(from, m.start());
                    int start = l.find() ? l.start() : m.start();
                    String ev = text.substring(start, m.end()).trim();
                    out.add(new Reading(Vital.SYSTOLIC, s, ev));
                    out.add(new Reading(Vital.DIASTOLIC, d, ev));
                }
            }
        }
        if (lower.contains(" over ") || lower.contains(" on ")) {
            Finder f = new Finder(BP_OVER, lower, starts);
            while (f.find()) {
                Matcher m = f.m;
                int s = Integer.parseInt(m.group(1));
                int d = Integer.parseInt(m.group(2));
                if (s > d && Vital.SYSTOLIC.plausible(s) && Vital.DIASTOLIC.plausible(d) && s >= 60) {
                    String ev = text.substring(m.start(), m.end()).trim();
                    add(out, new Reading(Vital.SYSTOLIC, s, ev));
                    add(out, new Reading(Vital.DIASTOLIC, d, ev));
                }
            }
        }
        if (has(lower, " over ") && has(lower, "bp", "b/p", "pressure", "reading")) {
            Finder f = new Finder(BP_OVER_BARE, lower, starts);
            while (f.find()) {
                Matcher m = f.m;
                int s = Integer.parseInt(m.group(1));
                int d = Integer.parseInt(m.group(2));
                if (s > d + 10 && s >= 70 && Vital.SYSTOLIC.plausible(s) && Vital.DIASTOLIC.plausible(d) && d >= 40) {
                    String ev = text.substring(m.start(), m.end()).trim();
                    add(out, new Reading(Vital.SYSTOLIC, s, ev));
                    add(out, new Reading(Vital.DIASTOLIC, d, ev));
                }
            }
        }
        if (has(lower, "systolic", "sbp", "top number", "upper number", "top reading")) simple(SYS, text, lower, starts, Vital.SYSTOLIC, out);
        if (has(lower, "diastolic", "dbp")) simple(DIA, text, lower, starts, Vital.DIASTOLIC, out);
        if (has(lower, "temp", "fever", "febrile", "pyrex")) temperature(new Finder(TEMP_LABEL, lower, starts), text, true, out);
        if (unitTemperature(lower)) temperature(new Finder(TEMP_UNIT, lower, starts), text, false, out);
        if (has(lower, "o2", "sat", "oxygen", "pulse", "%")) {
            simple(SPO2, text, lower, starts, Vital.SPO2, out);
            simple(SPO2_RA, text, lower, starts, Vital.SPO2, out);
        }
        if (has(lower, "hr", "heart", "pulse", "bpm", "beats")) {
            simple(HR, text, lower, starts, Vital.HEART_RATE, out);
            simple(HR_UNIT, text, lower, starts, Vital.HEART_RATE, out);
        }
        if (has(lower, "rr", "resp", "breath")) {
            simple(RR, text, lower, starts, Vital.RESPIRATORY_RATE, out);
            simple(RR_UNIT, text, lower, starts, Vital.RESPIRATORY_RATE, out);
        }
        if (has(lower, "gluc", "sugar", "bg", "bs", "cbg", "finger", "meter", "mg", "mmol")) {
            glucose(new Finder(GLU, lower, starts), text, out);
            simple(GLU_UNIT, text, lower, starts, Vital.GLUCOSE, out);
            Finder f = new Finder(GLU_MMOL, lower, starts);
            while (f.find()) {
                Matcher m = f.m;
                double v = Math.round(Double.parseDouble(m.group(1)) * 18.0);
                if (Vital.GLUCOSE.plausible(v)) add(out, new Reading(Vital.GLUCOSE, v, text.substring(m.start(), m.end()).trim()));
            }
        }
        return out;
    }

    /** Lower case with the same length and offsets as the original. */
    private static String lower(String text) {
        char[] c = text.toCharArray();
        for (int i = 0; i < c.length; i++) c[i] = Character.toLowerCase(c[i]);
        return new String(c);
    }

    /** Cheap check for a number followed by a degree sign, "deg", or C/F. */
    private static boolean unitTemperature(String lower) {
        if (lower.indexOf('\u00b0') >= 0 || lower.indexOf('\u00ba') >= 0 || lower.contains("deg")) return true;
        int n = lower.length();
        for (int i = 0; i < n; i++) {
            if (!Character.isDigit(lower.charAt(i))) continue;
            int j = i + 1;
            while (j < n && lower.charAt(j) == ' ') j++;
            if (j < n && (lower.charAt(j) == 'c' || lower.charAt(j) == 'f') && (j + 1 >= n || !Character.isLetter(lower.charAt(j + 1)))) return true;
        }
        return false;
    }

    private static boolean has(String lower, String... needles) {
        for (String n : needles) if (lower.contains(n)) return true;
        return false;
    }

    /** Age in years written in the text ("78 yo", "82-year-old"), or null. */
    static Integer age(String text) {
        if (!has(text, "yo", "y/o", "y.o", "old", "YO", "Y/O", "OLD", "Old")) return null;
        String lower = lower(text);
        Finder f = new Finder(AGE, lower, new Starts(lower));
        if (f.find()) {
            Matcher m = f.m;
            int a = Integer.parseInt(m.group(1));
            if (a >= 12 && a <= 120) return a;
        }
        return null;
    }

    private static void simple(Pattern p, String text, String lower, Starts starts, Vital v, List<Reading> out) {
        Finder f = new Finder(p, lower, starts);
        while (f.find()) {
            Matcher m = f.m;
            double val = Double.parseDouble(m.group(1));
            if (v.plausible(val)) add(out, new Reading(v, val, text.substring(m.start(), m.end()).trim()));
        }
    }

    /** A labelled glucose under 35 is mmol/L (CLINICAL.md): "sugar 3.2", "BG 25" read as mg/dL x 18. */
    private static void glucose(Finder f, String text, List<Reading> out) {
        while (f.find()) {
            Matcher m = f.m;
            double v = Double.parseDouble(m.group(1));
            String ev = text.substring(m.start(), m.end()).trim();
            if (v < 35) {
                v = Math.round(v * 18.0);
                ev = ev + " (mmol/L, " + (long) v + " mg/dL)";
            }
            if (Vital.GLUCOSE.plausible(v)) add(out, new Reading(Vital.GLUCOSE, v, ev));
        }
    }

    private static void temperature(Finder finder, String text, boolean labelled, List<Reading> out) {
        while (finder.find()) {
            Matcher m = finder.m;
            double v = Double.parseDouble(m.group(1));
            String unit = m.group(2) != null ? m.group(2) : (m.groupCount() >= 3 ? m.group(3) : null);
            boolean f = unit != null ? unit.equalsIgnoreCase("f") : v >= 80;
            if (unit == null && !labelled && v < 30) continue;
            double c = f ? Math.round((v - 32) * 5 / 9 * 10) / 10.0 : v;
            if (c >= 30 && c <= 45) add(out, new Reading(Vital.TEMPERATURE_C, c, text.substring(m.start(), m.end()).trim()));
        }
    }

    /**
     * Prefixes of the labels a pattern starts with ({@code \b(?:label|...)}); patterns not listed start with a number.
     * Used to try the pattern only where it can start.
     */
    private static final java.util.Map<Pattern, String[]> LABELS = new java.util.IdentityHashMap<>(java.util.Map.of(
            BP_OVER, new String[] {"bp", "b/p", "blood", "pressure", "reading"},
            SYS, new String[] {"systolic", "sbp", "top", "upper"},
            DIA, new String[] {"diastolic", "dbp"},
            TEMP_LABEL, new String[] {"temp", "fever", "febrile", "pyrexia"},
            SPO2, new String[] {"spo2", "sp02", "sao2", "o2", "oxygen", "sat", "pulse"},
            HR, new String[] {"hr", "heart", "pulse"},
            RR, new String[] {"rr", "resp", "breathing"},
            GLU, new String[] {"gluc", "blood", "sugar", "bg", "bs", "cbg", "fsbs", "finger", "meter"}));

    /** For each labelled pattern, a bit per letter a-z that starts one of its labels. */
    private static final java.util.Map<Pattern, Long> FIRST_LETTERS = new java.util.IdentityHashMap<>();

    static {
        LABELS.forEach((p, ls) -> {
            long mask = 0;
            for (String l : ls) mask |= 1L << (l.charAt(0) - 'a');
            FIRST_LETTERS.put(p, mask);
        });
    }

    /** Patterns that start with a number: the characters one of which must follow it (superset, checked before the regex). */
    private static final java.util.Map<Pattern, String> AFTER_NUMBER = new java.util.IdentityHashMap<>(java.util.Map.of(
            BP, "/", BP_OVER_BARE, "o", SPO2_RA, "%", HR_UNIT, "b", TEMP_UNIT, "\u00b0\u00badcf", GLU_UNIT, "m", GLU_MMOL, "m", RR_UNIT, "b", AGE, "y"));

    /**
     * Same matches, in the same order, as {@link Matcher#find()} over the whole text, but the pattern is only tried
     * where it can start: at a word beginning with one of its labels, or at the first digit of a number.
     * Lookarounds and word boundaries see the whole text (transparent bounds).
     */
    static final class Finder {
        Matcher m;
        private final Pattern p;
        private final String lower;
        private final String[] labels;
        private final String after;
        private final int[] at;
        private int k;
        private int pos;

        private final long firstLetters;

        Finder(Pattern p, String lower, Starts starts) {
            this.p = p;
            this.lower = lower;
            this.labels = LABELS.get(p);
            this.after = labels == null ? AFTER_NUMBER.get(p) : null;
            this.firstLetters = labels == null ? 0 : FIRST_LETTERS.get(p);
            this.at = labels == null ? starts.numbers : starts.words;
        }

        boolean find() {
            int n = lower.length();
            for (; k < at.length && at[k] >= 0; k++) {
                int i = at[k];
                if (i < pos || (labels != null ? !label(i) : (after != null && !unitAfter(i)))) continue;
                if (m == null) m = p.matcher(lower).useTransparentBounds(true).useAnchoringBounds(false);
                m.region(i, n);
                if (m.lookingAt()) {
                    pos = m.end() > i ? m.end() : i + 1;
                    k++;
                    return true;
                }
            }
            return false;
        }

        /** The number at i is followed (after digits, dots, spaces and dashes) by one of the characters the pattern needs. */
        private boolean unitAfter(int i) {
            int n = lower.length();
            int j = i;
            while (j < n && (Character.isDigit(lower.charAt(j)) || lower.charAt(j) == '.')) j++;
            while (j < n && (Character.isWhitespace(lower.charAt(j)) || lower.charAt(j) == '-')) j++;
            return j < n && after.indexOf(lower.charAt(j)) >= 0;
        }

        private boolean label(int i) {
            char c = lower.charAt(i);
            if (c < 'a' || c > 'z' || (firstLetters & (1L << (c - 'a'))) == 0) return false;
            for (String l : labels) if (l.charAt(0) == c && lower.startsWith(l, i)) return true;
            return false;
        }
    }

    /** Where words (a letter after a non-alphanumeric) and numbers (a digit after a non-digit) start; -1 ends each list. */
    static final class Starts {
        final int[] words;
        final int[] numbers;

        Starts(String lower) {
            int n = lower.length();
            int[] w = new int[n / 2 + 2];
            int[] d = new int[n / 2 + 2];
            int wi = 0, di = 0;
            for (int i = 0; i < n; i++) {
                char c = lower.charAt(i);
                if (Character.isLetter(c)) {
                    if (i == 0 || !Character.isLetterOrDigit(lower.charAt(i - 1))) w[wi++] = i;
                } else if (c >= '0' && c <= '9') {
                    if (i == 0 || !Character.isDigit(lower.charAt(i - 1))) d[di++] = i;
                }
            }
            w[wi] = -1;
            d[di] = -1;
            words = w;
            numbers = d;
        }
    }

    private static void add(List<Reading> out, Reading r) {
        for (Reading o : out) {
            if (o.vital() == r.vital() && o.value() == r.value()
                    && (o.evidence().contains(r.evidence()) || r.evidence().contains(o.evidence()))) return;
        }
        out.add(r);
    }
}
