package health.safeline.scheduling.rest;

import java.time.Instant;

/** Wire records of {@code /api/v1/slots} and {@code /api/v1/appointments}. */
public final class SchedulingApi {

    private SchedulingApi() {
    }

    public record SlotView(Instant start, Instant end, String practitioner) {
    }

    public record BookingRequest(String encounterId, String start, String practitioner) {
    }

    public record AppointmentView(String appointmentId, String encounterId, Instant start, Instant end,
            String practitioner, String status) {
    }
}
