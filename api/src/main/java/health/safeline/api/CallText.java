package health.safeline.api;

import java.text.Normalizer;

/**
 * The one normal form of a caller's words, applied before they are stored and before they are triaged: Unicode NFKC
 * (fullwidth and compatibility letters become plain ones) without format characters (zero-width spaces and joiners,
 * soft hyphens, bidirectional marks), so that "st\u200Bool" reads as "stool" everywhere.
 */
public final class CallText {

    private CallText() {
    }

    /** {@code text} in the normal form; null stays null. */
    public static String normalize(String text) {
        if (text == null || isPlain(text)) {
            return text;
        }
        String composed = Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(composed.length());
        composed.codePoints().filter(c -> Character.getType(c) != Character.FORMAT).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** Printable ASCII, tabs and line breaks: already normal. */
    private static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7e || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
                return false;
            }
        }
        return true;
    }
}
