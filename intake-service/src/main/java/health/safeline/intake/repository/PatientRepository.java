package health.safeline.intake.repository;

import health.safeline.intake.entity.PatientEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class PatientRepository implements PanacheRepositoryBase<PatientEntity, UUID> {

    public Uni<PatientEntity> findByIdentifier(String identifier) {
        return find("identifier", identifier).firstResult();
    }
}
