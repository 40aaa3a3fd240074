package health.safeline.escalation.notify;

import java.time.Instant;

/**
 * What a channel receives about one worklist change: ids, codes and the state as of the change, and a
 * link for the clinician. No PHI (no names, reason or caller's words): pagers and chats sit outside.
 * {@code eventId} increases with every change, so a receiver can order and de-duplicate.
 */
public record Notification(long eventId, String event, String escalationId, String status, String priority,
        int tier, String tierName, boolean fallbackDue, Instant occurredAt, String link) {
}
