package health.safeline.scheduling.repository;

import health.safeline.scheduling.entity.PractitionerEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
@WithSession
public class PractitionerRepository implements PanacheRepositoryBase<PractitionerEntity, String> {
}
