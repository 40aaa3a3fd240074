package health.safeline.triage.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Tokenizer and light stemmer, shared by the lexicon compiler and the text analyser so both agree on word forms. */
final class Text {
    private Text() {
    }

    enum Kind { WORD, CLAUSE, SENTENCE }

    /** A token: a word (with its stem) or a clause/sentence break; offsets index the original text. */
    record Token(Kind kind, String stem, int start, int end, int sentence) {
    }

    private static final Map<String, String> IRREGULAR = Map.ofEntries(
            Map.entry("swollen", "swell"), Map.entry("bled", "bleed"), Map.entry("fell", "fall"),
            Map.entry("fallen", "fall"), Map.entry("felt", "feel"), Map.entry("stung", "sting"),
            Map.entry("threw", "throw"), Map.entry("thrown", "throw"), Map.entry("struck", "strike"),
            Map.entry("cannot", "cant"), Map.entry("calves", "calf"), Map.entry("feet", "foot"),
            Map.entry("teeth", "tooth"), Map.entry("broke", "break"), Map.entry("broken", "break"),
            Map.entry("woke", "wake"), Map.entry("woken", "wake"), Map.entry("waking", "wake"),
            Map.entry("bitten", "bite"), Map.entry("biting", "bite"), Map.entry("shook", "shake"),
            Map.entry("lost", "lose"), Map.entry("losing", "lose"), Map.entry("aching", "ache"),
            Map.entry("went", "go"), Map.entry("goes", "go"), Map.entry("gone", "go"), Map.entry("going", "go"),
            Map.entry("took", "take"), Map.entry("taken", "take"), Map.entry("taking", "take"),
            Map.entry("spat", "spit"), Map.entry("ate", "eat"), Map.entry("vomitted", "vomit"),
            Map.entry("vomitting", "vomit"), Map.entry("diarrhoea", "diarrhea"), Map.entry("oedema", "edema"),
            Map.entry("haemorrhage", "hemorrhage"), Map.entry("paralysed", "paralyz"), Map.entry("coloured", "color"),
            Map.entry("colour", "color"), Map.entry("feces", "faeces"), Map.entry("tiredness", "tir"),
            Map.entry("tired", "tir"), Map.entry("tire", "tir"), Map.entry("having", "having"),
            Map.entry("being", "being"), Map.entry("note", "note"), Map.entry("notes", "note"),
            Map.entry("handful", "handful"), Map.entry("handfuls", "handful"),
            // not the negation "not" ("noted weakness" is not "not weak")
            Map.entry("noted", "note"), Map.entry("noting", "note"));

    /** Stems of words already seen (a pure function's results, so sharing them between threads changes no output). */
    private static final java.util.concurrent.ConcurrentHashMap<String, String> STEMS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int STEM_CACHE_MAX = 50_000;

    private static String cachedStem(CharSequence word) {
        String w = word.toString();
        String s = STEMS.get(w);
        if (s == null) {
            s = stem(w);
            if (STEMS.size() < STEM_CACHE_MAX) STEMS.put(w, s);
        }
        return s;
    }

    /** Normalises one word (lower case, apostrophes dropped) and stems it. */
    static String stem(String raw) {
        String w = raw;
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (Character.isUpperCase(c) || c == '\'' || c == '\u2019') {
                w = w.toLowerCase(java.util.Locale.ROOT).replace("'", "").replace("\u2019", "");
                break;
            }
        }
        String irr = IRREGULAR.get(w);
        if (irr != null) return irr;
        for (int i = 0; i < w.length(); i++) {
            if (!Character.isLetter(w.charAt(i))) return w;
        }
        int n = w.length();
        if (n <= 3) return w;
        String s = w;
        if (n > 6 && w.endsWith("iness")) s = w.substring(0, n - 5) + "y";
        else if (n > 6 && w.endsWith("ness")) s = w.substring(0, n - 4);
        else if (n > 6 && w.endsWith("ful")) s = w.substring(0, n - 3);
        else if (n > 4 && (w.endsWith("ies") || w.endsWith("ied"))) s = w.substring(0, n - 3) + "y";
        else if (n > 5 && w.endsWith("ing")) s = undouble(w.substring(0, n - 3));
        else if (n > 4 && w.endsWith("ed") && !w.endsWith("eed")) s = undouble(w.substring(0, n - 2));
        else if (n > 6 && w.endsWith("ly")) s = w.substring(0, n - 2);
        else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            s = w.substring(0, n - 1);
            // "readings", "hearing's": a plural or possessive of an -ing word stems as the word does
            if (s.length() > 5 && s.endsWith("ing")) s = undouble(s.substring(0, s.length() - 3));
        }
        if (s.length() > 4 && s.endsWith("e")) s = s.substring(0, s.length() - 1);
        return s;
    }

    private static String undouble(String s) {
        int n = s.length();
        if (n >= 3 && s.charAt(n - 1) == s.charAt(n - 2) && "aeioulsz".indexOf(s.charAt(n - 1)) < 0) {
            return s.substring(0, n - 1);
        }
        return s;
    }

    private static boolean alnum(char c) {
        return Character.isLetterOrDigit(c);
    }

    /** Splits text into words and clause/sentence breaks. */
    static List<Token> tokenize(String text) {
        List<Token> out = new ArrayList<>(Math.max(8, text.length() / 4));
        int n = text.length();
        int sentence = 0;
        StringBuilder sb = new StringBuilder(16);
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (alnum(c)) {
                int start = i;
                sb.setLength(0);
                while (i < n) {
                    char ch = text.charAt(i);
                    if (alnum(ch)) {
                        sb.append(Character.toLowerCase(ch));
                        i++;
                    } else if ((ch == '\'' || ch == '\u2019') && i + 1 < n && Character.isLetter(text.charAt(i + 1))) {
                        i++;
                    } else if (ch == '/' && i + 1 < n && alnum(text.charAt(i + 1))) {
                        sb.append('/');
                        i++;
                    } else if (ch == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1))
                            && Character.isDigit(text.charAt(i - 1))) {
                        sb.append('.');
                        i++;
                    } else {
                        break;
                    }
                }
                out.add(new Token(Kind.WORD, cachedStem(sb), start, i, sentence));
                continue;
            }
            Kind brk = switch (c) {
                case '.', '!', '?', ';', '\n' -> Kind.SENTENCE;
                // parentheses hold an aside of the clause they stand in: "her sister (not our pt) has had ...",
                // "discharged 3 wks ago (pneumonia)"
                case ',', ':', '\u2013', '\u2014' -> Kind.CLAUSE;
                case '-' -> (i > 0 && text.charAt(i - 1) == ' ' && i + 1 < n && text.charAt(i + 1) == ' ')
                        ? Kind.CLAUSE : null;
                default -> null;
            };
            if (brk != null) {
                Token last = out.isEmpty() ? null : out.get(out.size() - 1);
                if (brk == Kind.SENTENCE) {
                    if (last != null && last.kind() == Kind.CLAUSE) out.remove(out.size() - 1);
                    if (last == null || last.kind() != Kind.SENTENCE) {
                        out.add(new Token(Kind.SENTENCE, "", i, i + 1, sentence));
                        sentence++;
                    }
                } else if (last != null && last.kind() == Kind.WORD) {
                    out.add(new Token(Kind.CLAUSE, "", i, i + 1, sentence));
                }
            }
            i++;
        }
        return out;
    }
}
