package health.safeline.scheduling.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.scheduling.entity.ScheduleEntity;
import health.safeline.scheduling.service.SlotCalendar.Span;
import health.safeline.scheduling.service.SlotCalendar.Slot;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
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
    void aRangeIsCutIntoSpansOfOneOneTwoFourDaysFromItsStart() {
        List<Span> spans = SlotCalendar.spans(FROM, FROM.plus(31, ChronoUnit.DAYS));
        List<Long> days = spans.stream().map(s -> Duration.between(s.start(), s.end()).toDays()).toList();
        assertEquals(List.of(1L, 1L, 2L, 4L, 8L, 15L), days);
        assertEquals(FROM, spans.get(0).start());
        for (int i = 1; i < spans.size(); i++) {
            assertEquals(spans.get(i - 1).end(), spans.get(i).start());
        }
        // the last span is cut at the end of the range
        Instant to = FROM.plus(Duration.ofDays(2).plusHours(5));
        assertEquals(List.of(new Span(FROM, FROM.plus(1, ChronoUnit.DAYS)),
                new Span(FROM.plus(1, ChronoUnit.DAYS), FROM.plus(2, ChronoUnit.DAYS)),
                new Span(FROM.plus(2, ChronoUnit.DAYS), to)), SlotCalendar.spans(FROM, to));
        assertEquals(List.of(new Span(FROM, FROM.plusSeconds(1))), SlotCalendar.spans(FROM, FROM.plusSeconds(1)));
        assertEquals(List.of(), SlotCalendar.spans(FROM, FROM));
    }

    @Test
    void theSlotsOfTheSpansInTurnAreThoseOfTheWholeRange() {
        // December, and March 2027: New York (14th) and Paris (28th) move their clocks
        for (Instant from : List.of(FROM, Instant.parse("2027-03-10T05:00:00Z"))) {
            Instant to = from.plus(30, ChronoUnit.DAYS).minusSeconds(3600);
            List<Slot> spanBySpan = new ArrayList<>();
            for (Span span : SlotCalendar.spans(from, to)) {
                spanBySpan.addAll(SlotCalendar.slots(CLINIC, span.start(), span.end()));
            }
            List<Slot> whole = SlotCalendar.slots(CLINIC, from, to);
            assertTrue(whole.size() > 1000, "slots " + whole.size());
            assertEquals(whole, spanBySpan);
        }
    }

    @Test
    void theLastSlotsOfADayThatSkipsAnHourStartTheNextDay() {
        // 2027-03-14, a Sunday: New York skips 02:00 to 03:00, so 24 h of slots end at 01:00 on Monday
        ScheduleEntity sunday = BookingRulesTest.schedule("dr-n", "7", 0, 1440);
        sunday.zone = "America/New_York";
        Instant monday = Instant.parse("2027-03-15T04:00:00Z");
        List<Slot> slots = SlotCalendar.slots(List.of(sunday), monday, monday.plus(1, ChronoUnit.DAYS));
        assertEquals(List.of(monday, monday.plusSeconds(1200), monday.plusSeconds(2400)),
                slots.stream().map(Slot::start).toList());
    }

    @Test
    void daysOfWeekAreIsoNumbers() {
        assertEquals(EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.SUNDAY),
                SlotCalendar.daysOfWeek("1, 3,7"));
        assertEquals(EnumSet.of(DayOfWeek.SATURDAY), SlotCalendar.daysOfWeek("0,6,8"));
    }
}
