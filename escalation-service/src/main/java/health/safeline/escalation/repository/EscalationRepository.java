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
     * Moves every triggered escalation whose deadline passed to the next tier (the last tier
     * stays), restarts its acknowledgement window and audits the breach, in one statement.
     * {@code FOR UPDATE SKIP LOCKED} plus the re-checked deadline make each breach fire once
     * across replicas.
     */
    private static final String BREACH_DUE = """
            WITH moved AS (
                UPDATE escalation e SET tier = least(e.tier + 1, $1),
                       tier_name = ($2::text[])[least(e.tier + 1, $1)],
                       ack_deadline = now() + make_interval(secs => e.ack_window_seconds),
                       breaches = e.breaches + 1
                WHERE e.id IN (SELECT id FROM escalation WHERE status = 'triggered' AND ack_deadline <= now()
                               ORDER BY ack_deadline LIMIT $3 FOR UPDATE SKIP LOCKED)
                RETURNING e.id, e.tier, e.breaches)
            INSERT INTO audit_event (id, recorded_at, source, actor, action, entity_type, entity_id, outcome, code)
            SELECT gen_random_uuid(), now(), $4, 'system', 'escalation.deadline-breached', 'Escalation',
                   moved.id::text, 'success', 'tier-' || moved.tier
            FROM moved
            RETURNING entity_id, code""";

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
            where.append(" and e.encounterId = :encounterId");
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

    /** Loads an escalation locked for update (call inside a transaction). */
    public Uni<EscalationEntity> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Applies missed deadlines; answers one "id tier-N" entry per escalated row. */
    public Uni<List<String>> breachDue(List<String> tiers, int limit, String source) {
        Tuple args = Tuple.tuple().addInteger(tiers.size()).addArrayOfString(tiers.toArray(String[]::new))
                .addInteger(limit).addString(source);
        return pool.preparedQuery(BREACH_DUE).execute(args).map(rows -> {
            List<String> moved = new ArrayList<>();
            for (Row row : rows) {
                moved.add(row.getString("entity_id") + " " + row.getString("code"));
            }
            return moved;
        });
    }
}
