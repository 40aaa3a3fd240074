package health.safeline.escalation.rest;

import health.safeline.api.RedFlag;
import java.time.Instant;
import java.util.List;

/** Wire records of {@code /api/v1/escalations} (DESIGN.md contract). */
public final class EscalationApi {

    private EscalationApi() {
    }

    /**
     * One worklist entry; {@code fallback} is the policy's terminal instruction, only once it is due;
     * {@code calls} are the calls on it, the first (which created it) first, later ones attached.
     */
    public record EscalationView(String id, String encounterId, String level, String priority, String status,
            Instant ackDeadline, int tier, String tierName, List<RedFlag> redFlags, String reason, String narrative,
            Instant createdAt, String outcome, String fallback, List<CallView> calls) {
    }

    /** One call on an escalation: its alert id (which also resolves to the escalation), encounter and priority. */
    public record CallView(String id, String encounterId, String priority, Instant receivedAt) {
    }

    /** A clinician's resolution; {@code bookingWindowHours} only for {@code clear-for-booking}. */
    public record ResolveRequest(String outcome, String note, Integer bookingWindowHours) {
    }

    /**
     * A supervisor's summary: open escalations now (by tier), and for the period, how many were
     * created, breached a deadline, were acknowledged and resolved, with mean times (seconds).
     */
    public record Summary(Instant from, Instant to, long open, java.util.Map<Integer, Long> openByTier, long created,
            long breached, long breaches, long acknowledged, Double mttaSeconds, long resolved, Double mttrSeconds) {
    }

    /** One notification of one worklist event to one channel, with every attempt so far. */
    public record DeliveryView(long eventId, String event, String channel, String status,
            java.util.List<AttemptView> attempts) {
    }

    /** One delivery attempt: its outcome, the receiver's status code if any, and how long it took. */
    public record AttemptView(int attempt, Instant at, String outcome, Integer httpStatus, String error,
            int durationMs) {
    }
}
