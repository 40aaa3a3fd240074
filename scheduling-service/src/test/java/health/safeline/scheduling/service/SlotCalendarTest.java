package health.safeline.scheduling.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.scheduling.entity.ScheduleEntity;
import health.safeline.scheduling.service.SlotCalendar.Slot;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class SlotCalendarTest {

    static ScheduleEntity schedule(String practitioner, String zone, String days, int slotMinutes) {
        ScheduleEntity s = BookingRulesTest.schedule(practitioner, days, 8 * 60, 17 * 60);
        s.zone = zone;
        s.slotMinutes = slotMinutes;
        return s;
    }

    static final List<ScheduleEntity> CLINIC = List.of(schedule("dr-a", "America/New_York", "1,2,3,4,5", 20),
            schedule("dr-b", "Europe/Paris", "1,3,5,6", 15), schedule("dr-c", "UTC", "7", 30));
    static final Instant FROM = Instant.parse("2026-12-01T13:07:00Z");
    static final Instant TO = FROM.plus(30, ChronoUnit.DAYS);

    @Test
    void theFirstSlotsAreThoseOfTheWholeExpansionInTheSameOrder() {
        List<Predicate<Slot>> filters = List.of(s -> true, s -> s.practitioner().equals("dr-c"),
                s -> s.start().getEpochSecond() % 7 != 0, s -> false);
        for (Predicate<Slot> wanted : filters) {
            for (int limit : new int[] {1, 20, 500, 100_000}) {
                List<Slot> all = SlotCalendar.slots(CLINIC, FROM, TO).stream().filter(wanted).limit(limit).toList();
                assertEquals(all, SlotCalendar.first(CLINIC, FROM, TO, wanted, limit), "limit " + limit);
            }
        }
    }

    @Test
    void aPageFilledEarlyDoesNotExpandTheRestOfTheWindow() {
        AtomicInteger looked = new AtomicInteger();
        List<Slot> page = SlotCalendar.first(CLINIC, FROM, TO, s -> looked.incrementAndGet() > 0, 20);
        assertEquals(20, page.size());
        assertTrue(looked.get() < 200, "looked at " + looked.get() + " of "
                + SlotCalendar.slots(CLINIC, FROM, TO).size() + " slots");
    }
}
