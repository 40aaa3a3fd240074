package health.safeline.scheduling.service;

import health.safeline.scheduling.entity.ScheduleEntity;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Expands weekly schedules into concrete slots; pure and stateless. */
public final class SlotCalendar {

    private static final Duration DAY = Duration.ofDays(1);

    /** A concrete slot of one practitioner, from one of their schedules. */
    public record Slot(Instant start, Instant end, String practitioner, UUID schedule) {
    }

    /** A part of a search's range: the instants [start, end). */
    public record Span(Instant start, Instant end) {
    }

    private SlotCalendar() {
    }

    /**
     * [from, to) as consecutive spans from {@code from} on of 1, 1, 2, 4, 8... days, the last one cut at {@code to}.
     * A search examines them in turn and stops when its page is full: a page found in the first days costs one
     * short read, one behind weeks of full days a few reads (not one per day), and each read spans no more days
     * than all the reads before it.
     */
    public static List<Span> spans(Instant from, Instant to) {
        List<Span> spans = new ArrayList<>();
        long days = 1;
        for (Instant start = from; start.isBefore(to); ) {
            Instant end = start.plus(DAY.multipliedBy(days));
            spans.add(new Span(start, end.isBefore(to) ? end : to));
            days = spans.size() == 1 ? 1 : days * 2;
            start = end;
        }
        return spans;
    }

    /** Every slot starting in [from, to), ordered by start then practitioner. */
    public static List<Slot> slots(List<ScheduleEntity> schedules, Instant from, Instant to) {
        List<Slot> slots = new ArrayList<>();
        for (ScheduleEntity s : schedules) {
            ZoneId zone = ZoneId.of(s.zone);
            Set<DayOfWeek> days = daysOfWeek(s.daysOfWeek);
            LocalDate last = LocalDate.ofInstant(to, zone);
            // From the day before: the last slots of a short (DST) day start on the next day.
            for (LocalDate day = LocalDate.ofInstant(from, zone).minusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
                if (!days.contains(day.getDayOfWeek())) {
                    continue;
                }
                Instant midnight = day.atStartOfDay(zone).toInstant();
                for (int m = s.startMinute; m + s.slotMinutes <= s.endMinute; m += s.slotMinutes) {
                    Instant start = midnight.plusSeconds(m * 60L);
                    if (!start.isBefore(to)) {
                        break;
                    }
                    if (!start.isBefore(from)) {
                        slots.add(new Slot(start, start.plusSeconds(s.slotMinutes * 60L), s.practitionerId, s.id));
                    }
                }
            }
        }
        slots.sort(Comparator.comparing(Slot::start).thenComparing(Slot::practitioner));
        return slots;
    }

    /** The ISO days of week (1 = Monday) of a comma-separated list; numbers that are no day are ignored. */
    static Set<DayOfWeek> daysOfWeek(String isoDays) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String day : isoDays.split(",")) {
            int n = Integer.parseInt(day.trim());
            if (n >= 1 && n <= 7) {
                days.add(DayOfWeek.of(n));
            }
        }
        return days;
    }
}
