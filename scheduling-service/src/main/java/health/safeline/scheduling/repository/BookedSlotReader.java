package health.safeline.scheduling.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

/**
 * The booked slots of a range, read with plain SQL as one row per practitioner. A slot search over a calendar
 * booked out for weeks reads thousands of appointments; through Hibernate Reactive each row cost a chain of
 * completion stages, and that made it the largest allocator of the service.
 */
@ApplicationScoped
public class BookedSlotReader {

    private static final String BETWEEN = """
            SELECT practitioner_id, array_agg(start_at) AS starts FROM appointment
            WHERE status = 'booked' AND start_at >= $1 AND start_at < $2
            GROUP BY practitioner_id""";

    /** A booked slot: whose, from when. */
    public record Taken(String practitionerId, Instant start) {
    }

    private final Pool pool;

    BookedSlotReader(Pool pool) {
        this.pool = pool;
    }

    /** The slots booked in [from, to). Needs no Hibernate session. */
    public Uni<Set<Taken>> between(Instant from, Instant to) {
        return pool.preparedQuery(BETWEEN).execute(Tuple.of(utc(from), utc(to))).map(rows -> {
            Set<Taken> taken = new HashSet<>();
            for (Row row : rows) {
                String practitioner = row.getString("practitioner_id");
                for (OffsetDateTime start : row.getArrayOfOffsetDateTimes("starts")) {
                    taken.add(new Taken(practitioner, start.toInstant()));
                }
            }
            return taken;
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
