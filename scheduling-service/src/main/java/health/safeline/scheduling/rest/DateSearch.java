package health.safeline.scheduling.rest;

import health.safeline.shared.fhir.SearchParams;
import health.safeline.shared.fhir.SearchParams.DateBound;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A date search parameter ({@code start}, {@code date}) parsed by {@link SearchParams#dates} (repeatable,
 * prefixes {@code ge} (the default), {@code gt}, {@code le}, {@code lt}, an instant or a UTC day) and folded
 * into one window [from, to); either bound is null when no value set it.
 */
record DateSearch(Instant from, Instant to) {

    static DateSearch parse(List<String> values, String name) {
        Instant from = null;
        Instant to = null;
        for (DateBound bound : SearchParams.dates(values, name)) {
            // The database keeps microseconds: "after t" starts 1 µs later, "up to t" ends 1 µs later.
            Instant next = bound.at().plus(1, ChronoUnit.MICROS);
            switch (bound.operator()) {
                case ">=" -> from = later(from, bound.at());
                case ">" -> from = later(from, next);
                case "<=" -> to = earlier(to, next);
                default -> to = earlier(to, bound.at());
            }
        }
        return new DateSearch(from, to);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
