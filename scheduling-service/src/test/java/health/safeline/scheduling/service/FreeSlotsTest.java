package health.safeline.scheduling.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import health.safeline.scheduling.service.SlotCalendar.Span;
import health.safeline.scheduling.service.SlotCalendar.Slot;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The span-by-span search of free slots, with the bookings stubbed: which spans it reads, what it returns. */
class FreeSlotsTest {

    static final Instant FROM = SlotCalendarTest.FROM;
    static final List<Span> MONTH = SlotCalendar.spans(FROM, FROM.plus(31, ChronoUnit.DAYS));

    /** Records the spans read; a span's free slots are the clinic's slots that {@code free} accepts. */
    static class Reads implements Function<Span, Uni<List<Slot>>> {
        final List<Span> read = new ArrayList<>();
        final Predicate<Slot> free;

        Reads(Predicate<Slot> free) {
            this.free = free;
        }

        @Override
        public Uni<List<Slot>> apply(Span span) {
            read.add(span);
            return Uni.createFrom().item(SlotCalendar.slots(SlotCalendarTest.CLINIC, span.start(), span.end()).stream()
                    .filter(free).toList());
        }
    }

    static List<Slot> search(Reads reads, int limit) {
        return BookingService.firstFree(MONTH, reads, limit).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void aPageFilledOnTheFirstDayReadsOnlyThatDay() {
        Reads reads = new Reads(s -> true);
        List<Slot> page = search(reads, 20);
        assertEquals(SlotCalendar.slots(SlotCalendarTest.CLINIC, MONTH.get(0).start(), MONTH.get(0).end())
                .subList(0, 20), page);
        assertEquals(List.of(MONTH.get(0)), reads.read);
    }

    @Test
    void fullyBookedSpansAreReadAndSkippedUntilThePageIsFull() {
        Instant third = MONTH.get(2).start();
        Predicate<Slot> free = s -> !s.start().isBefore(third) && s.start().getEpochSecond() % 7 != 0;
        for (int limit : new int[] {1, 20, 100, 500}) {
            Reads reads = new Reads(free);
            List<Slot> page = search(reads, limit);
            List<Slot> expected = SlotCalendar.slots(SlotCalendarTest.CLINIC, FROM, MONTH.get(MONTH.size() - 1).end()).stream()
                    .filter(free).limit(limit).toList();
            assertEquals(expected, page, "limit " + limit);
            // read up to the span of the last slot of the page, no further
            Instant last = page.get(page.size() - 1).start();
            int lastSpan = (int) MONTH.stream().filter(d -> !d.start().isAfter(last)).count() - 1;
            assertEquals(MONTH.subList(0, lastSpan + 1), reads.read, "limit " + limit);
        }
    }

    @Test
    void aPageNeverFilledReadsEverySpanOnce() {
        Reads reads = new Reads(s -> s.practitioner().equals("dr-c"));
        List<Slot> page = search(reads, 100);
        assertEquals(SlotCalendar.slots(SlotCalendarTest.CLINIC, FROM, MONTH.get(MONTH.size() - 1).end()).stream()
                .filter(s -> s.practitioner().equals("dr-c")).toList(), page);
        assertEquals(MONTH, reads.read);
    }

    @Test
    void manySpansAnsweredAtOnceDoNotOverflowTheStack() {
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            spans.add(new Span(FROM.plusSeconds(i), FROM.plusSeconds(i + 1)));
        }
        List<Span> read = new ArrayList<>();
        List<Slot> page = BookingService.firstFree(spans, span -> {
            read.add(span);
            return Uni.createFrom().item(List.of());
        }, 20).await().atMost(Duration.ofSeconds(30));
        assertEquals(List.of(), page);
        assertEquals(spans.size(), read.size());
    }
}
