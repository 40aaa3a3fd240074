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
    private static final Pattern SYS = Pattern.compile("\\b(?:systolic|sbp)\\b" + FILL + "(?<![\\d.])(\\d{2,3})(?![\\d/])", F);
    private static final Pattern DIA = Pattern.compile("\\b(?:diastolic|dbp)\\b" + FILL + "(?<![\\d.])(\\d{2,3})(?![\\d/])", F);
    private static final Pattern TEMP_LABEL = Pattern.compile(
            "\\b(?:temperature|temp|fever|febrile|pyrexia)\\b" + FILL
                    + "(?<![\\d.])(\\d{2,3}(?:\\.\\d+)?)(?:\\s*(?:\u00b0|\u00ba|deg(?:rees?)?)?\\s*([cf])\\b)?", F);
    private static final Pattern TEMP_UNIT = Pattern.compile(
            "(?<![\\d.])(\\d{2,3}(?:\\.\\d+)?)\\s*(?:(?:\u00b0|\u00ba|deg(?:rees?)?)\\s*([cf])?\\b|([cf])\\b)", F);
    private static final Pattern SPO2 = Pattern.compile(
            "\\b(?:spo2|sp02|sao2|o2 sats?|o2 saturation|oxygen saturation|oxygen sats?|oxygen levels?|oxygen|o2 levels?|"
                    + "o2|sats?|saturations?|pulse ?ox(?:imeter|imetry)?)\\b" + FILL + "(?<![\\d.])(\\d{2,3})(?![\\d/.])\\s*%?", F);
    private static final Pattern SPO2_RA = Pattern.compile(
            "(?<![\\d.])(\\d{2,3})\\s*%\\s*(?:on\\s+)?(?:room air|ra\\b|o2\\b|sats?\\b|oxygen\\b)", F);
    private static final Pattern HR = Pattern.compile(
            "\\b(?:hr|heart rate|heartrate|heart beat|heartbeat|pulse(?!\\s*ox)(?: rate)?)\\b" + FILL
                    + "(?<![\\d.])(\\d{2,3})(?![\\d/.])", F);
    private static final Pattern HR_UNIT = Pattern.compile(
            "(?<![\\d.])(\\d{2,3})\\s*(?:bpm|beats (?:per|a|/) ?min(?:ute)?)\\b", F);
    private static final Pattern RR = Pattern.compile(
            "\\b(?:rr|resp(?:iratory)? rate|respirations?|resps|breathing rate)\\b" + FILL
                    + "(?<![\\d.])(\\d{1,2})(?![\\d/.])", F);
    private static final Pattern RR_UNIT = Pattern.compile("(?<![\\d.])(\\d{1,2})\\s*breaths\\b", F);
    private static final Pattern GLU = Pattern.compile(
            "\\b(?:glucose|blood sugars?|sugars?|bg|bgl|cbg|bs|fsbs|fingerstick|finger stick|glucometer|meter)\\b"
                    + FILL + "(?<![\\d.])(\\d{2,4})(?![\\d/.])", F);
    private static final Pattern GLU_UNIT = Pattern.compile("(?<![\\d.])(\\d{2,4})\\s*mg\\s*/?\\s*dl\\b", F);
    private static final Pattern GLU_MMOL = Pattern.compile("(?<![\\d.])(\\d{1,2}(?:\\.\\d)?)\\s*mmol", F);
    private static final Pattern AGE = Pattern.compile(
            "(?<![\\d.])(\\d{2,3})\\s*-?\\s*(?:yo|y/o|y\\.o\\.?|yrs? old|years? old|-?year-old|-?yr-old)\\b", F);

    /** Every plausible reading in the text, deduplicated, in a fixed order. */
    static List<Reading> find(String text) {
        List<Reading> out = new ArrayList<>();
        boolean digit = false;
        for (int i = 0; i < text.length() && !digit; i++) digit = Character.isDigit(text.charAt(i));
        if (!digit) return out;
        String lower = lower(text);
        if (lower.indexOf('/') >= 0) {
            Matcher m = BP.matcher(lower);
            while (m.find()) {
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
        if (has(lower, "systolic", "sbp")) simple(SYS, text, lower, Vital.SYSTOLIC, out);
        if (has(lower, "diastolic", "dbp")) simple(DIA, text, lower, Vital.DIASTOLIC, out);
        if (has(lower, "temp", "fever", "febrile", "pyrex")) temperature(TEMP_LABEL.matcher(lower), text, true, out);
        if (unitTemperature(lower)) temperature(TEMP_UNIT.matcher(lower), text, false, out);
        if (has(lower, "o2", "sat", "oxygen", "pulse", "%")) {
            simple(SPO2, text, lower, Vital.SPO2, out);
            simple(SPO2_RA, text, lower, Vital.SPO2, out);
        }
        if (has(lower, "hr", "heart", "pulse", "bpm", "beats")) {
            simple(HR, text, lower, Vital.HEART_RATE, out);
            simple(HR_UNIT, text, lower, Vital.HEART_RATE, out);
        }
        if (has(lower, "rr", "resp", "breath")) {
            simple(RR, text, lower, Vital.RESPIRATORY_RATE, out);
            simple(RR_UNIT, text, lower, Vital.RESPIRATORY_RATE, out);
        }
        if (has(lower, "gluc", "sugar", "bg", "bs", "cbg", "finger", "meter", "mg", "mmol")) {
            simple(GLU, text, lower, Vital.GLUCOSE, out);
            simple(GLU_UNIT, text, lower, Vital.GLUCOSE, out);
            Matcher m = GLU_MMOL.matcher(lower);
            while (m.find()) {
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
        Matcher m = AGE.matcher(lower(text));
        if (m.find()) {
            int a = Integer.parseInt(m.group(1));
            if (a >= 12 && a <= 120) return a;
        }
        return null;
    }

    private static void simple(Pattern p, String text, String lower, Vital v, List<Reading> out) {
        Matcher m = p.matcher(lower);
        while (m.find()) {
            double val = Double.parseDouble(m.group(1));
            if (v.plausible(val)) add(out, new Reading(v, val, text.substring(m.start(), m.end()).trim()));
        }
    }

    private static void temperature(Matcher m, String text, boolean labelled, List<Reading> out) {
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            String unit = m.group(2) != null ? m.group(2) : (m.groupCount() >= 3 ? m.group(3) : null);
            boolean f = unit != null ? unit.equalsIgnoreCase("f") : v >= 80;
            if (unit == null && !labelled && v < 30) continue;
            double c = f ? Math.round((v - 32) * 5 / 9 * 10) / 10.0 : v;
            if (c >= 30 && c <= 45) add(out, new Reading(Vital.TEMPERATURE_C, c, text.substring(m.start(), m.end()).trim()));
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
