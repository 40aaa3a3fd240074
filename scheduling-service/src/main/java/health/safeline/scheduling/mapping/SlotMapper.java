package health.safeline.scheduling.mapping;

import health.safeline.scheduling.entity.ScheduleEntity;
import health.safeline.scheduling.service.SlotService.ScheduleView;
import health.safeline.scheduling.service.SlotService.SlotState;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Ids;
import health.safeline.shared.fhir.Fhir;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.format.TextStyle;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;

/**
 * Slots and schedules to FHIR. A slot's id is stable: its schedule's id and its start in epoch seconds
 * ({@code <schedule uuid>-<seconds>}, 47 characters at most, a valid FHIR id).
 */
public final class SlotMapper {

    /** Safeline's practitioner identifiers (the practitioner ids of the schedules). */
    public static final String ID_PRACTITIONER = Fhir.BASE + "/NamingSystem/practitioner";

    private SlotMapper() {
    }

    /** A slot's id and where to find it. */
    public record SlotId(UUID schedule, Instant start) {
    }

    public static String slotId(UUID schedule, Instant start) {
        return schedule + "-" + start.getEpochSecond();
    }

    /** Parses a slot id; a malformed one is a 400. */
    public static SlotId parseSlotId(String id) {
        if (id != null && id.length() > 37 && id.length() <= 48 && id.charAt(36) == '-'
                && id.substring(37).chars().allMatch(Character::isDigit)) {
            try {
                return new SlotId(UUID.fromString(id.substring(0, 36)),
                        Instant.ofEpochSecond(Long.parseLong(id.substring(37))));
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                // falls through to the 400
            }
        }
        throw Ids.notOurs("Slot", id);
    }

    public static Slot toFhir(SlotState state) {
        Slot slot = new Slot();
        slot.setId(slotId(state.slot().schedule(), state.slot().start()));
        slot.setSchedule(new Reference("Schedule/" + state.slot().schedule()));
        slot.setStatus(state.busy() ? Slot.SlotStatus.BUSY : Slot.SlotStatus.FREE);
        slot.setStartElement(FhirTimes.instant(state.slot().start()));
        slot.setEndElement(FhirTimes.instant(state.slot().end()));
        return slot;
    }

    public static Schedule toFhir(ScheduleView view, Instant now) {
        ScheduleEntity s = view.schedule();
        Schedule schedule = new Schedule();
        schedule.setId(s.id.toString());
        schedule.setActive(true);
        Reference actor = new Reference().setType("Practitioner")
                .setIdentifier(new Identifier().setSystem(ID_PRACTITIONER).setValue(s.practitionerId));
        if (view.practitioner() != null) {
            actor.setDisplay(view.practitioner().name);
        }
        schedule.addActor(actor);
        // Slots are served from now on, with no end: the weekly pattern repeats.
        schedule.setPlanningHorizon(new Period().setStartElement(FhirTimes.dateTime(now)));
        schedule.setComment(pattern(s));
        return schedule;
    }

    /** e.g. "Mon, Tue, Wed, Thu, Fri 08:00-16:00 (UTC), 20-minute slots". */
    static String pattern(ScheduleEntity s) {
        String days = Arrays.stream(s.daysOfWeek.split(",")).map(String::trim).map(Integer::valueOf)
                .map(d -> DayOfWeek.of(d).getDisplayName(TextStyle.SHORT, Locale.ENGLISH))
                .collect(Collectors.joining(", "));
        return days + " " + time(s.startMinute) + "-" + time(s.endMinute) + " (" + s.zone + "), " + s.slotMinutes
                + "-minute slots";
    }

    private static String time(int minute) {
        return String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
    }
}
