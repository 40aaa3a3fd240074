package health.safeline.scheduling.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import health.safeline.scheduling.entity.ScheduleEntity;
import health.safeline.api.Clearance;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The clearance rules and the slot calendar, without a database. */
class BookingRulesTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static Clearance clearance(String status) {
        return new Clearance("c1", "e1", "protocol", status, T0, T0.plusSeconds(24 * 3600), "p1");
    }

    @Test
    void clearanceIsCheckedBeforeAnythingElse() {
        assertEquals(BookingService.CLEARANCE_REQUIRED, BookingService.refusal(Optional.empty(), T0, null));
        assertEquals(BookingService.REVOKED, BookingService.refusal(Optional.of(clearance("revoked")), T0, null));
        assertEquals(BookingService.WINDOW_EXCEEDED,
                BookingService.refusal(Optional.of(clearance("active")), T0.plusSeconds(25 * 3600), null));
        assertEquals(BookingService.WINDOW_EXCEEDED,
                BookingService.refusal(Optional.of(clearance("active")), T0.minusSeconds(60), null));
        assertNull(BookingService.refusal(Optional.of(clearance("active")), T0.plusSeconds(3600), null));
    }

    @Test
    void aClearanceBooksItsOwnPatientOnly() {
        assertNull(BookingService.refusal(Optional.of(clearance("active")), T0.plusSeconds(3600), "p1"));
        assertEquals(BookingService.PATIENT_MISMATCH,
                BookingService.refusal(Optional.of(clearance("active")), T0.plusSeconds(3600), "p2"));
        assertEquals(BookingService.PATIENT_MISMATCH, AppointmentBookAdvisor.code(Optional.of(clearance("active")), null, "p2"));
        assertEquals(BookingService.PATIENT_MISMATCH, BookingService.refusal(Optional.of(
                new Clearance("c1", "e1", "protocol", "active", T0, T0.plusSeconds(3600), null)), T0, "p1"));
    }

    @Test
    void adviceWithoutAStartJudgesOnlyAMissingOrRevokedClearance() {
        assertEquals(AppointmentBookAdvisor.MISSING_START,
                AppointmentBookAdvisor.code(Optional.of(clearance("active")), null, null));
        assertEquals(BookingService.CLEARANCE_REQUIRED, AppointmentBookAdvisor.code(Optional.empty(), null, null));
        assertEquals(BookingService.REVOKED, AppointmentBookAdvisor.code(Optional.of(clearance("revoked")), null, null));
        assertEquals(BookingService.WINDOW_EXCEEDED,
                AppointmentBookAdvisor.code(Optional.of(clearance("active")), T0.minusSeconds(1), null));
        assertNull(AppointmentBookAdvisor.code(Optional.of(clearance("active")), T0, null));
    }

    static ScheduleEntity schedule(String practitioner, String days, int start, int end) {
        ScheduleEntity s = new ScheduleEntity();
        s.id = UUID.randomUUID();
        s.practitionerId = practitioner;
        s.daysOfWeek = days;
        s.startMinute = start;
        s.endMinute = end;
        s.slotMinutes = 20;
        s.zone = "UTC";
        return s;
    }

    @Test
    void weekdaySchedulesExpandToTwentyMinuteSlots() {
        // 2026-12-05 is a Saturday
        var slots = SlotCalendar.slots(List.of(schedule("a", "1,2,3,4,5", 480, 960)),
                Instant.parse("2026-12-04T00:00:00Z"), Instant.parse("2026-12-07T00:00:00Z"));
        assertEquals(24, slots.size());
        assertEquals(Instant.parse("2026-12-04T08:00:00Z"), slots.get(0).start());
        assertEquals(Instant.parse("2026-12-04T08:20:00Z"), slots.get(0).end());
        assertEquals(Instant.parse("2026-12-04T15:40:00Z"), slots.get(23).start());
    }

    @Test
    void slotsCoverTheWholeDayUpToMidnightAndAreOrdered() {
        var slots = SlotCalendar.slots(List.of(schedule("b", "6", 960, 1440), schedule("a", "6", 0, 1440)),
                Instant.parse("2026-12-05T23:00:00Z"), Instant.parse("2026-12-06T00:00:00Z"));
        assertEquals(6, slots.size());
        assertEquals("a", slots.get(0).practitioner());
        assertEquals("b", slots.get(1).practitioner());
        assertEquals(Instant.parse("2026-12-06T00:00:00Z"), slots.get(5).end());
    }
}
