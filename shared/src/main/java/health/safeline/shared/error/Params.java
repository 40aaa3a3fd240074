package health.safeline.shared.error;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Query and body parameters: a malformed value is a 400 that names the field and says what it must be. Free text may
 * hold anything a person types (apostrophes, angle brackets) but no control characters; identifiers and ids are
 * restricted to the characters they are made of, so that an injection string is refused, not looked up or stored.
 */
public final class Params {

    /** Identifiers (a patient's MRN, a user name): a letter or digit, then letters, digits and {@code . _ - : @ +}. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-:@+]*");
    /** FHIR's {@code id} type. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final int MAX_URI = 2048;
    /**
     * The instants Safeline takes, wherever they arrive: FHIR's years 0001 to 9999 (four digits). Every layer below
     * holds them and a window of weeks around them (java.time dates, {@code java.util.Date}, PostgreSQL); an instant
     * such as {@code +999999999-12-31T23:59:59Z}, which {@link Instant#parse} accepts, is a 400, not a 500 later.
     */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private Params() {
    }

    /** An ISO-8601 instant from {@link #EARLIEST} to {@link #LATEST}; anything else is a 400. */
    public static Instant instant(String value, String field) {
        Instant at;
        try {
            at = Instant.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            throw ApiProblem.badRequest("invalid-value", field + " must be an ISO-8601 instant, e.g. 2026-12-01T09:00:00Z");
        }
        return inRange(at, field);
    }

    /** {@code at} when it lies from {@link #EARLIEST} to {@link #LATEST}; else a 400 naming {@code field}. */
    public static Instant inRange(Instant at, String field) {
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw ApiProblem.badRequest("out-of-range", field + " must lie between the years 0001 and 9999");
        }
        return at;
    }

    /** Optional free text of at most {@code max} characters: no control characters but tab, CR and LF. */
    public static String text(String value, String field, int max) {
        if (value != null && value.length() > max) {
            throw ApiProblem.badRequest("too-long", field + " is longer than " + max + " characters");
        }
        if (value != null && !isCleanText(value)) {
            throw ApiProblem.badRequest("invalid-characters",
                    field + " contains control characters or invalid Unicode");
        }
        return value;
    }

    /** Free text that must be there (not blank), as {@link #text}. */
    public static String requiredText(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw ApiProblem.badRequest("missing-field", field + " is required");
        }
        return text(value, field, max);
    }

    /** An identifier of at most {@code max} characters (see {@link #IDENTIFIER}); null when absent. */
    public static String identifier(String value, String field, int max) {
        if (value != null && !isIdentifier(value, max)) {
            throw ApiProblem.badRequest("invalid-identifier", field + " must be at most " + max + " letters, digits"
                    + " and . _ - : @ +, starting with a letter or digit");
        }
        return value;
    }

    public static boolean isIdentifier(String value, int max) {
        return value != null && value.length() <= max && IDENTIFIER.matcher(value).matches();
    }

    /** A FHIR id ({@code [A-Za-z0-9-.]}, at most 64); null when absent. */
    public static String fhirId(String value, String field) {
        if (value != null && !isFhirId(value)) {
            throw ApiProblem.badRequest("invalid-id", field + " must be an id: at most 64 letters, digits, - and .");
        }
        return value;
    }

    public static boolean isFhirId(String value) {
        return value != null && FHIR_ID.matcher(value).matches();
    }

    /** An absolute URI (a canonical URL); null when absent. */
    public static String uri(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            if (value.length() <= MAX_URI && new URI(value).isAbsolute()) {
                return value;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw ApiProblem.badRequest("invalid-value", field + " must be an absolute URI");
    }

    /**
     * A page size or limit: {@code absent} when not given, else a whole number from 0, clamped to 1..{@code max};
     * a negative or non-numeric value is a 400.
     */
    public static int count(String value, String field, int absent, int max) {
        return (int) Math.max(1, Math.min(max, wholeNumber(value, field, absent)));
    }

    /** A whole number from 0 ({@code absent} when not given); anything else is a 400. */
    public static long wholeNumber(String value, String field, long absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiProblem.badRequest("invalid-value", field + " must be a whole number from 0");
    }

    /** No control characters but tab, CR and LF, and no unpaired surrogate (not Unicode text). */
    public static boolean isCleanText(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
