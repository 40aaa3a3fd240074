package health.safeline.escalation.repository;

import health.safeline.escalation.entity.EscalationEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class EscalationRepository implements PanacheRepositoryBase<EscalationEntity, UUID> {

    /**
     * Applies every missed acknowledgement deadline with the escalation's own policy snapshot: the next
     * tier; at the last tier another round while {@code repeats < repeat_count}; after that the fallback
     * is due (status stays triggered, and the row is not picked again). Restarts the acknowledgement
     * window and audits the breach, in one statement. {@code FOR UPDATE SKIP LOCKED} plus the re-checked
     * deadline make each breach fire once across replicas.
     */
    private static final String BREACH_DUE = """
            WITH due AS (
                SELECT id, jsonb_array_length(tiers::jsonb) AS n FROM escalation
                WHERE status = 'triggered' AND NOT fallback_due AND ack_deadline <= now()
                ORDER BY ack_deadline LIMIT $1 FOR UPDATE SKIP LOCKED),
            moved AS (
                UPDATE escalation e SET tier = least(e.tier + 1, due.n),
                       tier_name = (e.tiers::jsonb) ->> (least(e.tier + 1, due.n) - 1),
                       repeats = CASE WHEN e.tier >= due.n AND e.repeats < e.repeat_count
                                      THEN e.repeats + 1 ELSE e.repeats END,
                       fallback_due = e.tier >= due.n AND e.repeats >= e.repeat_count,
                       ack_deadline = now() + make_interval(secs => e.ack_window_seconds),
                       breaches = e.breaches + 1
                FROM due WHERE e.id = due.id
                RETURNING e.id, e.tier, e.repeats, e.fallback_due)
            INSERT INTO audit_event (id, recorded_at, source, actor, action, entity_type, entity_id, outcome, code,
                                     detail)
            SELECT gen_random_uuid(), now(), $2, 'system', 'escalation.deadline-breached', 'Escalation',
                   moved.id::text, 'success', %1$s, json_build_object('from', 'triggered', 'to', 'triggered',
                   'deadline', 'acknowledge', 'step', %1$s)::text
            FROM moved
            RETURNING entity_id, code""".formatted(Sql.STEP_CODE);

    /**
     * Sends every acknowledged escalation whose resolve deadline (acknowledged_at + resolve window) passed
     * back to triggered with a new acknowledgement window, one step further along its snapshot (next tier,
     * a repeat of the last, or the fallback), and audits it as a system transition; once across replicas
     * as {@link #BREACH_DUE}.
     */
    private static final String RETRIGGER_DUE = """
            WITH due AS (
                SELECT id, jsonb_array_length(tiers::jsonb) AS n FROM escalation
                WHERE status = 'acknowledged'
                  AND acknowledged_at + make_interval(secs => resolve_window_seconds) <= now()
                ORDER BY acknowledged_at LIMIT $1 FOR UPDATE SKIP LOCKED),
            moved AS (
                UPDATE escalation e SET status = 'triggered', acknowledged_at = NULL, acknowledged_by = NULL,
                       tier = least(e.tier + 1, due.n),
                       tier_name = (e.tiers::jsonb) ->> (least(e.tier + 1, due.n) - 1),
                       repeats = CASE WHEN e.tier >= due.n AND e.repeats < e.repeat_count
                                      THEN e.repeats + 1 ELSE e.repeats END,
                       fallback_due = e.fallback_due OR (e.tier >= due.n AND e.repeats >= e.repeat_count),
                       ack_deadline = now() + make_interval(secs => e.ack_window_seconds)
                FROM due WHERE e.id = due.id
                RETURNING e.id, e.tier, e.repeats, e.fallback_due)
            INSERT INTO audit_event (id, recorded_at, source, actor, action, entity_type, entity_id, outcome, code,
                                     detail)
            SELECT gen_random_uuid(), now(), $2, 'system', 'escalation.resolve-deadline-missed', 'Escalation',
                   moved.id::text, 'success', %1$s, json_build_object('from', 'acknowledged', 'to', 'triggered',
                   'deadline', 'resolve', 'step', %1$s)::text
            FROM moved
            RETURNING entity_id, code""".formatted(Sql.STEP_CODE);

    /** SQL fragments. */
    private static final class Sql {
        /** Audit code of a step: tier-N, tier-N-repeat-R, or fallback. */
        static final String STEP_CODE = "CASE WHEN moved.fallback_due THEN 'fallback' WHEN moved.repeats > 0 "
                + "THEN 'tier-' || moved.tier || '-repeat-' || moved.repeats ELSE 'tier-' || moved.tier END";
    }

    private static final String ORDER = " order by case e.priority when 'stat' then 0 when 'asap' then 1 else 2 end,"
            + " e.ackDeadline, e.createdAt";

    private final Pool pool;

    EscalationRepository(Pool pool) {
        this.pool = pool;
    }

    /** The worklist, most urgent first. */
    public Uni<List<EscalationEntity>> list(Collection<String> statuses, String encounterId, Integer tier,
            String priority, int limit) {
        StringBuilder where = new StringBuilder("from EscalationEntity e where 1 = 1");
        Parameters params = new Parameters();
        if (statuses != null) {
            where.append(" and e.status in :statuses");
            params.and("statuses", statuses);
        }
        if (encounterId != null) {
            where.append(" and e.id in (select c.escalationId from EscalationCall c where c.encounterId = :encounterId)");
            params.and("encounterId", encounterId);
        }
        if (tier != null) {
            where.append(" and e.tier = :tier");
            params.and("tier", tier);
        }
        if (priority != null) {
            where.append(" and e.priority = :priority");
            params.and("priority", priority);
        }
        return find(where + ORDER, params).page(0, limit).list();
    }

    /**
     * Serialises receipts about one patient until the current transaction ends, so that two replicas
     * receiving calls about one patient at once agree on which escalation they belong to.
     */
    public Uni<Void> lockPatient(String patientId) {
        return getSession().chain(s -> s.createNativeQuery("select 1 from pg_advisory_xact_lock(hashtext(:patient))",
                Integer.class).setParameter("patient", patientId).getSingleResult()).replaceWithVoid();
    }

    /** The patient's open escalations, oldest first, locked for update (call inside a transaction). */
    public Uni<List<EscalationEntity>> openForPatient(String patientId) {
        return find("patientId = ?1 and status <> ?2 order by createdAt", patientId, EscalationEntity.RESOLVED)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** Loads an escalation locked for update (call inside a transaction). */
    public Uni<EscalationEntity> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Applies missed acknowledgement deadlines; answers one "id code" entry per escalated row. */
    public Uni<List<String>> breachDue(int limit, String source) {
        return apply(BREACH_DUE, limit, source);
    }

    /** Re-triggers acknowledged escalations past their resolve deadline; one "id code" entry per row. */
    public Uni<List<String>> retriggerDue(int limit, String source) {
        return apply(RETRIGGER_DUE, limit, source);
    }

    private Uni<List<String>> apply(String sql, int limit, String source) {
        return pool.preparedQuery(sql).execute(Tuple.of(limit, source)).map(rows -> {
            List<String> moved = new ArrayList<>();
            for (Row row : rows) {
                moved.add(row.getString("entity_id") + " " + row.getString("code"));
            }
            return moved;
        });
    }
}
