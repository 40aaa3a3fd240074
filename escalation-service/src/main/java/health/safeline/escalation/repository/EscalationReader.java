package health.safeline.escalation.repository;

import health.safeline.escalation.entity.EscalationCall;
import health.safeline.escalation.entity.EscalationEntity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Reads worklist records with plain SQL, usable from any Vert.x context (no Hibernate session needed). */
@ApplicationScoped
public class EscalationReader {

    /** Every column {@link #escalation(Row)} reads. */
    private static final String COLUMNS = """
            SELECT id, encounter_id, patient_id, level, priority, status, tier, tier_name, ack_deadline, red_flags,
                   reason, narrative, created_at, acknowledged_at, acknowledged_by, resolved_at, outcome, note,
                   fallback, fallback_due, calls
            FROM escalation""";

    private static final String BY_ID = COLUMNS + " WHERE id = $1";

    private static final String OPEN_BY_TIER =
            "SELECT tier, count(*) AS open FROM escalation WHERE status <> 'resolved' GROUP BY tier";

    private static final String PERIOD = """
            SELECT count(*) FILTER (WHERE created_at >= $1 AND created_at < $2) AS created,
                   count(*) FILTER (WHERE created_at >= $1 AND created_at < $2 AND breaches > 0) AS breached,
                   coalesce(sum(breaches) FILTER (WHERE created_at >= $1 AND created_at < $2), 0) AS breaches,
                   count(*) FILTER (WHERE acknowledged_at >= $1 AND acknowledged_at < $2) AS acknowledged,
                   avg(extract(epoch FROM acknowledged_at - created_at))
                       FILTER (WHERE acknowledged_at >= $1 AND acknowledged_at < $2) AS mtta,
                   count(*) FILTER (WHERE resolved_at >= $1 AND resolved_at < $2) AS resolved,
                   avg(extract(epoch FROM resolved_at - created_at))
                       FILTER (WHERE resolved_at >= $1 AND resolved_at < $2) AS mttr
            FROM escalation""";

    private static final String DELIVERIES = """
            SELECT ev.id AS event_id, ev.kind, d.channel, d.status,
                   coalesce(json_agg(json_build_object('attempt', a.attempt,
                       'at', to_char(a.attempted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                       'outcome', a.outcome, 'httpStatus', a.http_status, 'error', a.error,
                       'durationMs', a.duration_ms) ORDER BY a.attempt) FILTER (WHERE a.id IS NOT NULL), '[]')::text
                       AS attempts
            FROM escalation_event ev
            JOIN notification_delivery d ON d.event_id = ev.id
            LEFT JOIN notification_attempt a ON a.delivery_id = d.id
            WHERE ev.escalation_id = $1
            GROUP BY ev.id, d.id ORDER BY ev.id, d.channel""";

    private static final String FULL = COLUMNS + " WHERE id = ANY ($1)";

    private static final String CALLS_BY_ID = """
            SELECT id, escalation_id, encounter_id, priority, communication, received_at
            FROM escalation_call WHERE id = ANY ($1)""";

    /** Communication search: every call as received; $1 encounter, $2 patient, $3 Communication.status values. */
    private static final String CALL_FILTER = """
            FROM escalation_call c JOIN escalation e ON e.id = c.escalation_id
            WHERE ($1::text IS NULL OR c.encounter_id = $1) AND ($2::text IS NULL OR e.patient_id = $2)
              AND ($3::text[] IS NULL OR (c.communication::jsonb ->> 'status') = ANY ($3))""";

    private final Pool pool;

    EscalationReader(Pool pool) {
        this.pool = pool;
    }

    /**
     * The worklist columns of one escalation read with plain SQL, outside any Hibernate session
     * (for the live stream, whose notifications arrive on the listener's connection); null when absent.
     */
    public Uni<EscalationEntity> loadForStream(UUID id) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            return escalation(rows.iterator().next());
        });
    }

    /** Escalations by id with every column the FHIR Task needs (outside any Hibernate session). */
    public Uni<Map<UUID, EscalationEntity>> loadForTask(Collection<UUID> ids) {
        return pool.preparedQuery(FULL).execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
            Map<UUID, EscalationEntity> found = new HashMap<>();
            for (Row row : rows) {
                EscalationEntity e = escalation(row);
                found.put(e.id, e);
            }
            return found;
        });
    }

    /** Calls (received Communications) by id. */
    public Uni<Map<UUID, EscalationCall>> calls(Collection<UUID> ids) {
        return pool.preparedQuery(CALLS_BY_ID).execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
            Map<UUID, EscalationCall> found = new HashMap<>();
            rows.forEach(row -> found.put(row.getUUID("id"), call(row)));
            return found;
        });
    }

    /** One page of calls, newest first, and the number of all matches. */
    public record CallPage(List<EscalationCall> calls, long total) {
    }

    /**
     * Calls matching every given filter (null: no filter): encounter id, patient id, and one of the
     * {@code Communication.status} codes the received resource carries; {@code count} from {@code offset}.
     */
    public Uni<CallPage> searchCalls(String encounterId, String patientId, List<String> statuses, int offset,
            int count) {
        Tuple filter = Tuple.tuple().addString(encounterId).addString(patientId)
                .addArrayOfString(statuses == null ? null : statuses.toArray(String[]::new));
        return pool.preparedQuery("SELECT count(*) AS total " + CALL_FILTER).execute(filter)
                .map(rows -> rows.iterator().next().getLong("total"))
                .chain(total -> pool.preparedQuery("SELECT c.id, c.escalation_id, c.encounter_id, c.priority, "
                                + "c.communication, c.received_at " + CALL_FILTER
                                + " ORDER BY c.received_at DESC, c.id LIMIT $4 OFFSET $5")
                        .execute(Tuple.tuple().addString(encounterId).addString(patientId)
                                .addArrayOfString(statuses == null ? null : statuses.toArray(String[]::new))
                                .addInteger(count).addLong((long) offset))
                        .map(rows -> {
                            List<EscalationCall> page = new ArrayList<>();
                            rows.forEach(row -> page.add(call(row)));
                            return new CallPage(page, total);
                        }));
    }

    private static EscalationCall call(Row row) {
        EscalationCall call = new EscalationCall();
        call.id = row.getUUID("id");
        call.escalationId = row.getUUID("escalation_id");
        call.encounterId = row.getString("encounter_id");
        call.priority = row.getString("priority");
        call.communication = row.getString("communication");
        call.receivedAt = instant(row.getOffsetDateTime("received_at"));
        return call;
    }

    /** A row of {@link #COLUMNS} as an (unmanaged) escalation. */
    private static EscalationEntity escalation(Row row) {
        EscalationEntity e = new EscalationEntity();
        e.id = row.getUUID("id");
        e.encounterId = row.getString("encounter_id");
        e.patientId = row.getString("patient_id");
        e.level = row.getString("level");
        e.priority = row.getString("priority");
        e.status = row.getString("status");
        e.tier = row.getInteger("tier");
        e.tierName = row.getString("tier_name");
        e.ackDeadline = instant(row.getOffsetDateTime("ack_deadline"));
        e.redFlags = row.getString("red_flags");
        e.reason = row.getString("reason");
        e.narrative = row.getString("narrative");
        e.createdAt = instant(row.getOffsetDateTime("created_at"));
        e.acknowledgedAt = instant(row.getOffsetDateTime("acknowledged_at"));
        e.acknowledgedBy = row.getString("acknowledged_by");
        e.resolvedAt = instant(row.getOffsetDateTime("resolved_at"));
        e.outcome = row.getString("outcome");
        e.note = row.getString("note");
        e.fallback = row.getString("fallback");
        e.fallbackDue = Boolean.TRUE.equals(row.getBoolean("fallback_due"));
        e.calls = row.getString("calls");
        return e;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }


    /** Notification deliveries of an escalation's events with their attempts as JSON, oldest event first. */
    public Uni<List<Row>> deliveries(UUID escalationId) {
        return pool.preparedQuery(DELIVERIES).execute(Tuple.of(escalationId)).map(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            return list;
        });
    }

    /** Open (triggered or acknowledged) escalations per tier, across all replicas. */
    public Uni<Map<Integer, Long>> openByTier() {
        return pool.query(OPEN_BY_TIER).execute().map(rows -> {
            Map<Integer, Long> open = new TreeMap<>();
            for (Row row : rows) {
                open.put(row.getInteger("tier"), row.getLong("open"));
            }
            return open;
        });
    }

    /** Period figures for the supervisor's summary: created, breached, acknowledged, resolved, MTTA, MTTR. */
    public Uni<Row> period(Instant from, Instant to) {
        return pool.preparedQuery(PERIOD)
                .execute(Tuple.of(from.atOffset(java.time.ZoneOffset.UTC), to.atOffset(java.time.ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next());
    }
}
