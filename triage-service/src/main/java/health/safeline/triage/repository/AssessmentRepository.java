package health.safeline.triage.repository;

import health.safeline.triage.entity.AssessmentEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class AssessmentRepository implements PanacheRepositoryBase<AssessmentEntity, UUID> {

    public Uni<AssessmentEntity> findByEncounter(UUID encounterId) {
        return find("encounterId", encounterId).firstResult();
    }

    public Uni<AssessmentEntity> findByEscalation(UUID escalationId) {
        return find("escalationId", escalationId).firstResult();
    }
}
