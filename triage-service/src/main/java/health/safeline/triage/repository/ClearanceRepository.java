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

    /** The clearance in force and the patient id of the encounter's assessment (null when none). */
    public record InForce(ClearanceEntity clearance, String patientId) {
    }

    /** {@link #latestFor} with the assessment's patient id, in one query; null when there is no clearance. */
    public Uni<InForce> inForce(UUID encounterId) {
        return getSession().chain(s -> s.createSelectionQuery("""
                        select c, a.patientId from ClearanceEntity c
                            left join AssessmentEntity a on a.encounterId = c.encounterId
                        where c.encounterId = :encounter order by c.issuedAt desc""", Object[].class)
                        .setParameter("encounter", encounterId).setMaxResults(1).getSingleResultOrNull())
                .map(row -> row == null ? null : new InForce((ClearanceEntity) row[0], (String) row[1]));
    }

    public Uni<ClearanceEntity> findByCommunication(UUID communicationId) {
        return find("communicationId", communicationId).firstResult();
    }
}
