package health.safeline.escalation.notify;

import io.smallrye.mutiny.Uni;

/**
 * A way to reach clinicians outside the console (pager, chat, webhook). Implement it as a CDI bean:
 * {@link NotificationRelay} stores one delivery per event and enabled channel, retries it with backoff until
 * {@link #send} succeeds, and records every attempt.
 */
public interface NotificationChannel {

    /** Stable name, stored with each delivery. */
    String name();

    /** Whether this channel is configured in this process. */
    boolean enabled();

    /**
     * Delivers one notification and answers the receiver's status code (null when it has none);
     * a failure, for example {@link DeliveryFailure}, means "try again later".
     */
    Uni<Integer> send(Notification notification);

    /** A refused delivery, with the receiver's status code when there was one. */
    class DeliveryFailure extends RuntimeException {
        private final Integer status;

        public DeliveryFailure(Integer status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public Integer status() {
            return status;
        }
    }
}
