package health.safeline.shared.error;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query and body parameters: a malformed value is a 400 that names the field. */
public final class Params {

    private Params() {
    }

    public static Instant instant(String value, String field) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            throw ApiProblem.badRequest("invalid-value", field + " must be an ISO-8601 instant, e.g. 2026-12-01T09:00:00Z");
        }
    }
}
