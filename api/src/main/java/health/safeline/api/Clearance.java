package health.safeline.api;

import java.time.Instant;

/**
 * Triage's permission to book an encounter: issued by the protocol (same-day, routine) or by a
 * clinician; a booking must start inside [windowStart, windowEnd]. {@code patientId}: the caller's
 * Patient id (null from older triage versions).
 */
public record Clearance(String id, String encounterId, String source, String status, Instant windowStart,
        Instant windowEnd, String patientId) {

    public static final String ACTIVE = "active";
    public static final String REVOKED = "revoked";

    public boolean covers(Instant start) {
        return !start.isBefore(windowStart) && !start.isAfter(windowEnd);
    }
}
