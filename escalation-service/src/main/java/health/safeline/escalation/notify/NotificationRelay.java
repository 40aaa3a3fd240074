package health.safeline.escalation.notify;

import health.safeline.escalation.config.EscalationConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Feeds notification channels from the {@code escalation_event} journal: each new event becomes one stored
 * delivery per channel enabled here, attempted until the channel accepts it (backoff doubling from 2 s up to
 * {@code notify.max-backoff}), with every attempt recorded in {@code notification_attempt}. Both steps claim
 * rows with {@code FOR UPDATE SKIP LOCKED}, so replicas share the work and a delivery is not attempted twice
 * at once; a claimed delivery is leased for the backoff, so one lost with its replica is retried later.
 */
@ApplicationScoped
public class NotificationRelay {

    private static final Logger LOG = Logger.getLogger(NotificationRelay.class);

    private static final String FAN_OUT = """
            WITH claimed AS (
                SELECT id FROM escalation_event WHERE NOT fanned_out ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED),
            marked AS (
                UPDATE escalation_event e SET fanned_out = true FROM claimed WHERE e.id = claimed.id RETURNING e.id)
            INSERT INTO notification_delivery (id, event_id, channel, status, next_attempt_at, created_at)
            SELECT gen_random_uuid(), marked.id, channel, 'pending', now(), now()
            FROM marked CROSS JOIN unnest($2::text[]) AS channel""";

    private static final String CLAIM = """
            WITH claimed AS (
                UPDATE notification_delivery SET attempts = attempts + 1,
                       next_attempt_at = now() + make_interval(secs => least($3, power(2, attempts + 1)))
                WHERE id IN (SELECT id FROM notification_delivery
                             WHERE status = 'pending' AND next_attempt_at <= now() AND channel = ANY($2::text[])
                             ORDER BY event_id LIMIT $1 FOR UPDATE SKIP LOCKED)
                RETURNING id, event_id, channel, attempts)
            SELECT c.id, c.channel, c.attempts, ev.id AS event_id, ev.kind, ev.escalation_id, ev.status, ev.priority,
                   ev.tier, ev.tier_name, ev.fallback_due, ev.occurred_at
            FROM claimed c JOIN escalation_event ev ON ev.id = c.event_id ORDER BY ev.id""";

    private static final String RECORD = """
            WITH tried AS (
                INSERT INTO notification_attempt (delivery_id, attempt, attempted_at, outcome, http_status, error,
                                                  duration_ms)
                VALUES ($1, $2, $3, $4, $5, $6, $7))
            UPDATE notification_delivery SET
                   status = CASE WHEN $4 = 'delivered' THEN 'delivered' ELSE status END,
                   delivered_at = CASE WHEN $4 = 'delivered' THEN now() ELSE delivered_at END,
                   last_error = $6
            WHERE id = $1""";

    private final Pool pool;
    private final EscalationConfig.Notify config;
    private final MeterRegistry metrics;
    private final Map<String, NotificationChannel> channels;
    private final String[] names;

    NotificationRelay(Pool pool, EscalationConfig config, MeterRegistry metrics, Instance<NotificationChannel> all) {
        this.pool = pool;
        this.config = config.notifications();
        this.metrics = metrics;
        this.channels = all.stream().filter(NotificationChannel::enabled)
                .collect(Collectors.toUnmodifiableMap(NotificationChannel::name, Function.identity()));
        this.names = channels.keySet().toArray(String[]::new);
        if (!channels.isEmpty()) {
            LOG.infof("Notification channels: %s", channels.keySet());
        }
    }

    /**
     * One run: fan out new events (with no channel enabled they are only marked), then attempt due deliveries.
     */
    @Scheduled(every = "${safeline.escalation.notify.every:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return pool.preparedQuery(FAN_OUT).execute(Tuple.of(config.batchSize(), names))
                .chain(() -> names.length == 0 ? Uni.createFrom().voidItem() : deliverDue())
                .onFailure().invoke(e -> LOG.warnf("Notification run failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> deliverDue() {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(config.batchSize(), names, (double) config.maxBackoff().toSeconds()))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndMerge(this::attempt)
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> attempt(Row row) {
        NotificationChannel channel = channels.get(row.getString("channel"));
        Notification notification = notification(row);
        Instant at = Instant.now();
        long start = System.nanoTime();
        return Uni.createFrom().deferred(() -> channel.send(notification))
                .map(status -> new Outcome("delivered", status, null))
                .onFailure().recoverWithItem(e -> new Outcome("failed",
                        e instanceof NotificationChannel.DeliveryFailure f ? f.status() : null,
                        e instanceof NotificationChannel.DeliveryFailure ? e.getMessage() : e.getClass().getSimpleName()))
                .chain(outcome -> {
                    int ms = (int) Duration.ofNanos(System.nanoTime() - start).toMillis();
                    metrics.counter("safeline.escalation.notifications", "channel", channel.name(),
                            "result", outcome.result()).increment();
                    if (outcome.error() != null) {
                        LOG.warnf("Notification of event %d to %s failed (attempt %d): %s", notification.eventId(),
                                channel.name(), row.getInteger("attempts"), outcome.error());
                    }
                    return pool.preparedQuery(RECORD).execute(Tuple.tuple()
                            .addUUID(row.getUUID("id")).addInteger(row.getInteger("attempts"))
                            .addOffsetDateTime(at.atOffset(java.time.ZoneOffset.UTC)).addString(outcome.result())
                            .addInteger(outcome.status()).addString(outcome.error()).addInteger(ms));
                })
                .replaceWithVoid();
    }

    private Notification notification(Row row) {
        String id = row.getUUID("escalation_id").toString();
        return new Notification(row.getLong("event_id"), row.getString("kind"), id, row.getString("status"),
                row.getString("priority"), row.getInteger("tier"), row.getString("tier_name"),
                row.getBoolean("fallback_due"), row.getOffsetDateTime("occurred_at").toInstant(),
                config.linkBase().orElse("") + "/api/v1/escalations/" + id);
    }

    private record Outcome(String result, Integer status, String error) {
    }
}
