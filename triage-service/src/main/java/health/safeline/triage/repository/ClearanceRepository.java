package health.safeline.triage.repository;

import health.safeline.triage.entity.ClearanceEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class ClearanceRepository implements PanacheRepositoryBase<ClearanceEntity, UUID> {

    /** The clearance in force: the most recently issued one. */
    public Uni<ClearanceEntity> latestFor(UUID encounterId) {
        return find("encounterId = ?1 order by issuedAt desc", encounterId).firstResult();
    }

    public Uni<ClearanceEntity> findByCommunication(UUID communicationId) {
        return find("communicationId", communicationId).firstResult();
    }
}
