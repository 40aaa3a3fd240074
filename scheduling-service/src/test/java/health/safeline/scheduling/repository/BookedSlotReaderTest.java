package health.safeline.scheduling.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import health.safeline.scheduling.repository.BookedSlotReader.Taken;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The booked slots of a range: booked appointments only, of every practitioner, within [from, to). */
@QuarkusTest
class BookedSlotReaderTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    BookedSlotReader reader;

    @Inject
    Pool pool;

    @Test
    void readsTheBookedAppointmentsInTheRangeOnly() {
        // a year ahead, on a day no other test books; its rows are removed before and after (the database outlives
        // a run, and other tests count appointments)
        Instant day = Instant.now().plus(Duration.ofDays(400)).truncatedTo(ChronoUnit.DAYS);
        Instant nine = day.plus(Duration.ofHours(9));
        clear(day);
        try {
            insert("dr-ada-okafor", nine, "booked");
            insert("dr-ada-okafor", nine.plus(Duration.ofMinutes(20)), "booked");
            insert("dr-carmen-ruiz", nine, "booked");
            insert("dr-ben-lindqvist", nine.plus(Duration.ofMinutes(40)), "cancelled");
            insert("dr-ben-lindqvist", day.plus(Duration.ofDays(1)), "booked");
            insert("dr-ben-lindqvist", day.minus(Duration.ofMinutes(20)), "booked");

            Set<Taken> taken = reader.between(day, day.plus(Duration.ofDays(1))).await().atMost(WAIT);

            assertEquals(Set.of(new Taken("dr-ada-okafor", nine), new Taken("dr-ada-okafor", nine.plusSeconds(1200)),
                    new Taken("dr-carmen-ruiz", nine)), taken);
            assertEquals(Set.of(), reader.between(day.plus(Duration.ofDays(2)), day.plus(Duration.ofDays(3)))
                    .await().atMost(WAIT));
        } finally {
            clear(day);
        }
    }

    /** Removes the appointments from the day before {@code day} to the day after it. */
    private void clear(Instant day) {
        pool.preparedQuery("DELETE FROM appointment WHERE start_at >= $1 AND start_at < $2")
                .execute(Tuple.of(day.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC),
                        day.plus(Duration.ofDays(2)).atOffset(ZoneOffset.UTC)))
                .await().atMost(WAIT);
    }

    private void insert(String practitioner, Instant start, String status) {
        pool.preparedQuery("""
                INSERT INTO appointment (id, encounter_id, practitioner_id, start_at, end_at, status, clearance_id,
                    created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, 'test', now(), 'test')""")
                .execute(Tuple.tuple().addUUID(UUID.randomUUID()).addUUID(UUID.randomUUID()).addString(practitioner)
                        .addOffsetDateTime(start.atOffset(ZoneOffset.UTC))
                        .addOffsetDateTime(start.plusSeconds(1200).atOffset(ZoneOffset.UTC)).addString(status))
                .await().atMost(WAIT);
    }
}
