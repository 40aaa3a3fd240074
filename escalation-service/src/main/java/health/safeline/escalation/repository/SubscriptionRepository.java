package health.safeline.escalation.repository;

import com.fasterxml.jackson.core.type.TypeReference;
import health.safeline.shared.persistence.JsonColumns;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Subscriptions and their numbered events, in plain SQL (usable from the scheduler's context).
 *
 * <p>Which events a subscription gets: exactly the journal events that occurred at or after its creation
 * ({@code occurred_at >= created_at}, both read from the database clock). The matcher and the creation take
 * one transaction-scoped advisory lock, so a subscription is visible to every matcher run that could see an
 * event it should get. Only one matcher runs at a time across replicas (the others skip), which also keeps
 * each subscription's numbering in journal order.
 */
@ApplicationScoped
public class SubscriptionRepository {

    /** Advisory lock (two-int key space, apart from the per-patient bigint locks) of matcher and creation. */
    private static final int LOCK_CLASS = 0x5AFE;
    private static final int LOCK_MATCH = 6;

    private static final String COLUMNS = """
            s.id, s.owner, s.topic, s.priorities, s.resource, s.endpoint, s.headers, s.content, s.heartbeat_seconds,
            s.timeout_seconds, s.max_count, s.status, s.handshake_done, s.events_since_start, s.failures,
            s.error_count, s.last_error, s.last_sent_at, s.created_at, s.deleted_at, s.origin, s.failing_since""";

    /** Stores nothing when the owner already holds {@code $14} subscriptions that are not deleted. */
    private static final String INSERT = """
            INSERT INTO subscription AS s (id, owner, topic, event_kinds, priorities, resource, endpoint, headers,
                                           content, heartbeat_seconds, timeout_seconds, max_count, origin, status,
                                           next_attempt_at, created_at)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'requested', clock_timestamp(),
                   clock_timestamp()
            WHERE (SELECT count(*) FROM subscription o WHERE o.owner = $2 AND o.status <> 'off') < $14
            RETURNING %s, 0::bigint AS undelivered""".formatted(COLUMNS);

    private static final String AUDIT = """
            INSERT INTO audit_event (id, recorded_at, source, actor, action, entity_type, entity_id, outcome, code,
                                     detail)
            VALUES (gen_random_uuid(), now(), $1, $2, $3, 'Subscription', $4, 'success', $5, $6)""";

    private static final String BY_ID = """
            SELECT %s, (SELECT count(*) FROM subscription_event e
                        WHERE e.subscription_id = s.id AND e.delivered_at IS NULL) AS undelivered
            FROM subscription s WHERE s.id = $1""".formatted(COLUMNS);

    private static final String DELETE = """
            UPDATE subscription AS s SET status = 'off', deleted_at = coalesce(s.deleted_at, now())
            WHERE s.id = $1""";

    private static final String MATCH = """
            WITH ev AS (
                SELECT id, escalation_id, kind, priority, occurred_at FROM escalation_event
                WHERE NOT subscriptions_matched ORDER BY id LIMIT $1 FOR UPDATE),
            marked AS (
                UPDATE escalation_event e SET subscriptions_matched = true FROM ev WHERE e.id = ev.id),
            pairs AS (
                SELECT s.id AS subscription_id, ev.id AS event_id, ev.escalation_id, ev.kind, ev.occurred_at,
                       s.events_since_start + row_number() OVER (PARTITION BY s.id ORDER BY ev.id) AS event_number
                FROM ev JOIN subscription s ON s.status <> 'off' AND ev.kind = ANY (s.event_kinds)
                     AND (s.priorities IS NULL OR ev.priority = ANY (s.priorities))
                     AND ev.occurred_at >= s.created_at),
            counted AS (
                UPDATE subscription s SET events_since_start = s.events_since_start + c.n
                FROM (SELECT subscription_id, count(*) AS n FROM pairs GROUP BY subscription_id) c
                WHERE s.id = c.subscription_id)
            INSERT INTO subscription_event (subscription_id, event_number, event_id, escalation_id, kind, occurred_at)
            SELECT subscription_id, event_number, event_id, escalation_id, kind, occurred_at FROM pairs""";

    /**
     * Subscriptions with something to send (the handshake, undelivered events, or a heartbeat now due) whose
     * next attempt is due, and whose endpoint origin is not one of {@code $3} (those this replica already serves
     * as much as it may), leased to this replica for {@code $2} seconds plus each one's timeout. Subscriptions in
     * {@code error} (given up) are not tried again.
     */
    private static final String CLAIM = """
            UPDATE subscription AS s SET next_attempt_at = now() + make_interval(secs => s.timeout_seconds + $2)
            WHERE s.id IN (
                SELECT c.id FROM subscription c
                WHERE c.status NOT IN ('off', 'error') AND c.next_attempt_at <= now()
                  AND NOT (c.origin = ANY ($3))
                  AND (NOT c.handshake_done
                       OR EXISTS (SELECT 1 FROM subscription_event e
                                  WHERE e.subscription_id = c.id AND e.delivered_at IS NULL)
                       OR (c.heartbeat_seconds IS NOT NULL AND coalesce(c.last_sent_at, c.created_at)
                           + make_interval(secs => c.heartbeat_seconds) <= now()))
                ORDER BY c.next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING %s, 0::bigint AS undelivered""".formatted(COLUMNS);

    private static final String UNDELIVERED = """
            SELECT e.event_number, e.escalation_id, e.kind, e.occurred_at, e.delivered_at
            FROM subscription_event e
            WHERE e.subscription_id = $1 AND e.delivered_at IS NULL ORDER BY e.event_number LIMIT $2""";

    private static final String RANGE = """
            SELECT e.event_number, e.escalation_id, e.kind, e.occurred_at, e.delivered_at
            FROM subscription_event e
            WHERE e.subscription_id = $1 AND e.event_number BETWEEN $2 AND $3 ORDER BY e.event_number LIMIT $4""";

    /** An accepted notification: its events delivered, status active, lease renewed for the next one. */
    private static final String ACCEPTED = """
            WITH done AS (
                UPDATE subscription_event SET delivered_at = now(), attempts = attempts + 1
                WHERE subscription_id = $1 AND event_number = ANY ($2) AND delivered_at IS NULL)
            UPDATE subscription AS s SET status = CASE WHEN s.status = 'off' THEN 'off' ELSE 'active' END,
                   handshake_done = true, failures = 0, failing_since = NULL, last_sent_at = now(),
                   next_attempt_at = now() + make_interval(secs => s.timeout_seconds + $3)
            WHERE s.id = $1
            RETURNING %s, 0::bigint AS undelivered""".formatted(COLUMNS);

    /**
     * A failed attempt: retried after a backoff doubling from 1 s up to {@code $4} seconds, but not later than
     * {@code $5} seconds after the first failure of the streak; status {@code error} (given up) once failing for
     * {@code $5} seconds.
     */
    private static final String FAILED = """
            WITH tried AS (
                UPDATE subscription_event SET attempts = attempts + 1
                WHERE subscription_id = $1 AND event_number = ANY ($2))
            UPDATE subscription AS s SET
                   status = CASE WHEN s.status = 'off' THEN 'off'
                                 WHEN coalesce(s.failing_since, now()) + make_interval(secs => $5) <= now()
                                 THEN 'error' ELSE s.status END,
                   failing_since = coalesce(s.failing_since, now()),
                   failures = s.failures + 1, error_count = s.error_count + 1, last_error = $3,
                   next_attempt_at = greatest(now() + interval '1 second', least(
                       now() + make_interval(secs => least($4, power(2, least(s.failures, 30)))),
                       coalesce(s.failing_since, now()) + make_interval(secs => $5)))
            WHERE s.id = $1""";

    /** Ends the lease of a subscription that has nothing more to send now. */
    private static final String RELEASE = "UPDATE subscription SET next_attempt_at = now() WHERE id = $1";

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final Pool pool;
    private final JsonColumns json;

    SubscriptionRepository(Pool pool, JsonColumns json) {
        this.pool = pool;
        this.json = json;
    }

    /** What a new subscription is made of (validated by the service). */
    public record NewSubscription(UUID id, String owner, String topic, List<String> eventKinds,
            List<String> priorities, String resource, String endpoint, List<String> headers, String content,
            Integer heartbeatSeconds, int timeoutSeconds, int maxCount, String origin) {
    }

    /** A stored subscription; {@code undelivered} is only counted by {@link #find}. */
    public record SubscriptionRow(UUID id, String owner, String topic, List<String> priorities, String resource,
            String endpoint, List<String> headers, String content, Integer heartbeatSeconds, int timeoutSeconds,
            int maxCount, String status, boolean handshakeDone, long eventsSinceStart, int failures, long errorCount,
            String lastError, Instant lastSentAt, Instant createdAt, Instant deletedAt, String origin,
            Instant failingSince, long undelivered) {

        public boolean deleted() {
            return deletedAt != null;
        }
    }

    /** One numbered event of a subscription. */
    public record EventRow(long eventNumber, UUID escalationId, String kind, Instant occurredAt,
            Instant deliveredAt) {
    }

    /**
     * Stores a new subscription (status requested, handshake due now) and audits it, in one transaction; answers
     * null (storing nothing) when its owner already holds {@code maxPerOwner} that are not deleted. Creations are
     * serialised by the matcher's lock, so the count cannot race.
     */
    public Uni<SubscriptionRow> insert(NewSubscription s, int maxPerOwner, String source, String code,
            Map<String, String> detail) {
        Tuple values = Tuple.tuple().addUUID(s.id()).addString(s.owner()).addString(s.topic())
                .addArrayOfString(s.eventKinds().toArray(String[]::new))
                .addArrayOfString(s.priorities() == null ? null : s.priorities().toArray(String[]::new))
                .addString(s.resource()).addString(s.endpoint()).addString(json.write(s.headers()))
                .addString(s.content()).addInteger(s.heartbeatSeconds()).addInteger(s.timeoutSeconds())
                .addInteger(s.maxCount()).addString(s.origin()).addInteger(maxPerOwner);
        return pool.withTransaction(conn -> lockMatcher(conn)
                .chain(() -> conn.preparedQuery(INSERT).execute(values))
                .call(rows -> rows.size() == 0 ? Uni.createFrom().voidItem()
                        : audit(conn, source, s.owner(), "subscription.create", s.id(), code, detail)))
                .map(rows -> rows.size() == 0 ? null : subscription(rows.iterator().next()));
    }

    /** The subscription with its count of undelivered events; null when there is none. */
    public Uni<SubscriptionRow> find(UUID id) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : subscription(rows.iterator().next()));
    }

    /** Turns a subscription off for good (nothing more is matched or sent) and audits it. */
    public Uni<Void> delete(UUID id, String actor, String source, String previousStatus) {
        return pool.withTransaction(conn -> conn.preparedQuery(DELETE).execute(Tuple.of(id))
                .call(() -> audit(conn, source, actor, "subscription.delete", id, "off",
                        Map.of("from", previousStatus, "to", "off"))))
                .replaceWithVoid();
    }

    /**
     * Numbers up to {@code limit} new journal events for every subscription they match; answers false when
     * another replica is matching now (it will take them).
     */
    public Uni<Boolean> match(int limit) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1, $2) AS got")
                .execute(Tuple.of(LOCK_CLASS, LOCK_MATCH))
                .chain(rows -> rows.iterator().next().getBoolean("got")
                        ? conn.preparedQuery(MATCH).execute(Tuple.of(limit)).replaceWith(true)
                        : Uni.createFrom().item(false)));
    }

    /**
     * Claims up to {@code limit} subscriptions with something due whose origin is not in {@code busyOrigins}, each
     * leased for its timeout plus {@code marginSeconds}.
     */
    public Uni<List<SubscriptionRow>> claimDue(int limit, int marginSeconds, List<String> busyOrigins) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, marginSeconds, busyOrigins.toArray(String[]::new)))
                .map(this::subscriptions);
    }

    /** The first {@code limit} undelivered events of a subscription, oldest first. */
    public Uni<List<EventRow>> undelivered(UUID subscriptionId, int limit) {
        return pool.preparedQuery(UNDELIVERED).execute(Tuple.of(subscriptionId, limit)).map(SubscriptionRepository::events);
    }

    /** Events numbered {@code from}..{@code to} (inclusive), at most {@code limit}, in order. */
    public Uni<List<EventRow>> range(UUID subscriptionId, long from, long to, int limit) {
        return pool.preparedQuery(RANGE).execute(Tuple.of(subscriptionId, from, to, limit))
                .map(SubscriptionRepository::events);
    }

    /** Records an accepted notification carrying {@code eventNumbers}; answers the subscription as now stored. */
    public Uni<SubscriptionRow> accepted(UUID id, List<Long> eventNumbers, int marginSeconds) {
        return pool.preparedQuery(ACCEPTED)
                .execute(Tuple.of(id, eventNumbers.toArray(Long[]::new), marginSeconds))
                .map(rows -> rows.size() == 0 ? null : subscription(rows.iterator().next()));
    }

    /** Records a failed notification: the next attempt after the backoff, or status error after {@code errorAfterSeconds}. */
    public Uni<Void> failed(UUID id, List<Long> eventNumbers, String error, long maxBackoffSeconds,
            long errorAfterSeconds) {
        return pool.preparedQuery(FAILED)
                .execute(Tuple.of(id, eventNumbers.toArray(Long[]::new), error, (double) maxBackoffSeconds,
                        (double) errorAfterSeconds))
                .replaceWithVoid();
    }

    /** Ends this replica's lease on a subscription. */
    public Uni<Void> release(UUID id) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(id)).replaceWithVoid();
    }

    private static Uni<Void> lockMatcher(SqlConnection conn) {
        return conn.preparedQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock($1, $2)) AS l")
                .execute(Tuple.of(LOCK_CLASS, LOCK_MATCH)).replaceWithVoid();
    }

    private Uni<Void> audit(SqlConnection conn, String source, String actor, String action, UUID id, String code,
            Map<String, String> detail) {
        return conn.preparedQuery(AUDIT).execute(Tuple.tuple().addString(source).addString(actor).addString(action)
                        .addString(id.toString()).addString(code).addString(json.write(new TreeMap<>(detail))))
                .replaceWithVoid();
    }

    private List<SubscriptionRow> subscriptions(RowSet<Row> rows) {
        List<SubscriptionRow> list = new ArrayList<>();
        rows.forEach(r -> list.add(subscription(r)));
        return list;
    }

    private SubscriptionRow subscription(Row r) {
        String[] priorities = r.getArrayOfStrings("priorities");
        return new SubscriptionRow(r.getUUID("id"), r.getString("owner"), r.getString("topic"),
                priorities == null ? null : List.of(priorities), r.getString("resource"), r.getString("endpoint"),
                json.read(r.getString("headers"), STRINGS), r.getString("content"), r.getInteger("heartbeat_seconds"),
                r.getInteger("timeout_seconds"), r.getInteger("max_count"), r.getString("status"),
                r.getBoolean("handshake_done"), r.getLong("events_since_start"), r.getInteger("failures"),
                r.getLong("error_count"), r.getString("last_error"), instant(r.getOffsetDateTime("last_sent_at")),
                instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("deleted_at")),
                r.getString("origin"), instant(r.getOffsetDateTime("failing_since")), r.getLong("undelivered"));
    }

    private static List<EventRow> events(RowSet<Row> rows) {
        List<EventRow> list = new ArrayList<>();
        for (Row r : rows) {
            list.add(new EventRow(r.getLong("event_number"), r.getUUID("escalation_id"), r.getString("kind"),
                    instant(r.getOffsetDateTime("occurred_at")), instant(r.getOffsetDateTime("delivered_at"))));
        }
        return list;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
