package health.safeline.shared.fhir;

import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Params;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** FHIR search parameter values: dates with prefixes, references and tokens; a malformed one is a 400. */
public final class SearchParams {

    /** One bound of a date search: an operator ({@code >=}, {@code >}, {@code <=}, {@code <}) and an instant. */
    public record DateBound(String operator, Instant at) {
    }

    private SearchParams() {
    }

    /**
     * {@code date=[eq|ge|gt|le|lt]<instant or yyyy-mm-dd>}, repeatable; no prefix means {@code eq} (as in FHIR).
     * A day stands for its whole (UTC) range: {@code eq} a day is within it, {@code ge} from its start,
     * {@code le} to its end, {@code gt} after it, {@code lt} before it.
     */
    public static List<DateBound> dates(List<String> values, String name) {
        List<DateBound> bounds = new ArrayList<>();
        for (String raw : values == null ? List.<String>of() : values) {
            String value = raw == null ? "" : raw.strip();
            if (value.isEmpty()) {
                continue;
            }
            boolean prefixed = Character.isLetter(value.charAt(0));
            String prefix = prefixed ? value.substring(0, Math.min(2, value.length())) : "eq";
            String date = prefixed ? value.substring(Math.min(2, value.length())) : value;
            switch (prefix) {
                case "eq" -> {
                    bounds.add(new DateBound(">=", instant(date, name, false)));
                    bounds.add(new DateBound("<=", instant(date, name, true)));
                }
                case "ge" -> bounds.add(new DateBound(">=", instant(date, name, false)));
                case "gt" -> bounds.add(new DateBound(">", instant(date, name, true)));
                case "le" -> bounds.add(new DateBound("<=", instant(date, name, true)));
                case "lt" -> bounds.add(new DateBound("<", instant(date, name, false)));
                default -> throw ApiProblem.badRequest("invalid-value", name + " prefix must be eq, ge, gt, le or lt");
            }
        }
        return bounds;
    }

    /** The id of a reference search value {@code Type/id} or {@code id} of resource type {@code type}. */
    public static String reference(String value, String type, String name) {
        String v = value.strip();
        if (v.startsWith(type + "/")) {
            v = v.substring(type.length() + 1);
        }
        if (!Params.isFhirId(v)) {
            throw ApiProblem.badRequest("invalid-value", name + " must be " + type + "/<id> or an id");
        }
        return v;
    }

    /** The code of a token search value {@code system|code} or {@code code}. */
    public static String token(String value, String name) {
        String v = value.strip();
        int bar = v.indexOf('|');
        String code = bar < 0 ? v : v.substring(bar + 1);
        if (code.isEmpty() || code.length() > 200) {
            throw ApiProblem.badRequest("invalid-value", name + " must be [system|]code");
        }
        return code;
    }

    /** The instant, or the day's first or last microsecond, within {@link Params#EARLIEST}..{@link Params#LATEST}. */
    private static Instant instant(String value, String name, boolean endOfDay) {
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return Params.inRange((endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC)
                        .minusNanos(endOfDay ? 1_000 : 0), name);
            }
            return Params.inRange(Instant.parse(value), name);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("invalid-value", name + " must be a date (2026-12-01) or an instant "
                    + "(2026-12-01T09:00:00Z), optionally prefixed by eq, ge, gt, le or lt");
        }
    }
}
