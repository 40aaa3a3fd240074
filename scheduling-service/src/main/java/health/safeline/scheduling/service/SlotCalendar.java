package health.safeline.scheduling.service;

import health.safeline.scheduling.entity.ScheduleEntity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Expands weekly schedules into concrete slots; pure and stateless. */
public final class SlotCalendar {

    /** A concrete slot of one practitioner, from one of their schedules. */
    public record Slot(Instant start, Instant end, String practitioner, UUID schedule) {
    }

    private SlotCalendar() {
    }

    /**
     * The first {@code limit} slots starting in [from, to) that {@code wanted} accepts, ordered by start then
     * practitioner. Expands a day at a time, so a search that fills its page early does not expand the rest.
     */
    public static List<Slot> first(List<ScheduleEntity> schedules, Instant from, Instant to, Predicate<Slot> wanted,
            int limit) {
        List<Slot> found = new ArrayList<>();
        for (Instant day = from; day.isBefore(to) && found.size() < limit; day = day.plus(Duration.ofDays(1))) {
            Instant end = day.plus(Duration.ofDays(1));
            for (Slot slot : slots(schedules, day, end.isBefore(to) ? end : to)) {
                if (found.size() < limit && wanted.test(slot)) {
                    found.add(slot);
                }
            }
        }
        return found;
    }

    /** Every slot starting in [from, to), ordered by start then practitioner. */
    public static List<Slot> slots(List<ScheduleEntity> schedules, Instant from, Instant to) {
        List<Slot> slots = new ArrayList<>();
        for (ScheduleEntity s : schedules) {
            ZoneId zone = ZoneId.of(s.zone);
            Set<Integer> days = Arrays.stream(s.daysOfWeek.split(",")).map(String::trim).map(Integer::valueOf)
                    .collect(Collectors.toSet());
            LocalDate last = LocalDate.ofInstant(to, zone);
            for (LocalDate day = LocalDate.ofInstant(from, zone).minusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
                if (!days.contains(day.getDayOfWeek().getValue())) {
                    continue;
                }
                ZonedDateTime midnight = day.atStartOfDay(zone);
                for (int m = s.startMinute; m + s.slotMinutes <= s.endMinute; m += s.slotMinutes) {
                    Instant start = midnight.plusMinutes(m).toInstant();
                    if (!start.isBefore(from) && start.isBefore(to)) {
                        slots.add(new Slot(start, start.plusSeconds(s.slotMinutes * 60L), s.practitionerId, s.id));
                    }
                }
            }
        }
        slots.sort(Comparator.comparing(Slot::start).thenComparing(Slot::practitioner));
        return slots;
    }
}
