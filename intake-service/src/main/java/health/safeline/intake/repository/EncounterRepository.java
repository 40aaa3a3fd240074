package health.safeline.intake.repository;

import health.safeline.intake.entity.EncounterEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class EncounterRepository implements PanacheRepositoryBase<EncounterEntity, UUID> {

    private static final String CLAIM_UNTRIAGED = """
            UPDATE encounter SET triage_attempts = triage_attempts + 1,
                   next_triage_at = now() + make_interval(secs => least(60, power(2, triage_attempts)))
            WHERE id IN (SELECT id FROM encounter WHERE triage_state = 'pending' AND next_triage_at <= now()
                         ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING id""";

    private final Pool pool;

    EncounterRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Writes the triage decision applied to the detached {@code e} in one UPDATE and bumps its version, as a
     * load and flush would; fails when the encounter is gone.
     */
    public Uni<Void> storeDecision(EncounterEntity e) {
        return update("""
                update EncounterEntity set status = :status, triageState = :triageState, level = :level,
                    priority = :priority, assessmentId = :assessmentId, redFlags = :redFlags,
                    agentInstructions = :agentInstructions, protocolVersion = :protocolVersion,
                    escalationId = :escalationId, clearance = :clearance, explanation = :explanation, triagedAt = :triagedAt,
                    version = version + 1
                where id = :id""", Parameters.with("status", e.status).and("triageState", e.triageState)
                .and("level", e.level).and("priority", e.priority).and("assessmentId", e.assessmentId)
                .and("redFlags", e.redFlags).and("agentInstructions", e.agentInstructions)
                .and("protocolVersion", e.protocolVersion).and("escalationId", e.escalationId)
                .and("clearance", e.clearance).and("explanation", e.explanation).and("triagedAt", e.triagedAt).and("id", e.id))
                .invoke(updated -> {
                    if (updated != 1) {
                        throw new IllegalStateException("Encounter " + e.id + " not found");
                    }
                    e.version++;
                })
                .replaceWithVoid();
    }

    /**
     * Claims untriaged encounters that are due for another triage attempt and pushes their next
     * attempt back (exponential backoff), so that other replicas skip them meanwhile.
     */
    public Uni<List<UUID>> claimUntriaged(int limit) {
        return pool.preparedQuery(CLAIM_UNTRIAGED).execute(Tuple.of(limit))
                .map(rows -> {
                    List<UUID> ids = new java.util.ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getUUID("id"));
                    }
                    return ids;
                });
    }
}
