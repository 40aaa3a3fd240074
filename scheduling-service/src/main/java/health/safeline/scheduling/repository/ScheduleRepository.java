package health.safeline.scheduling.repository;

import health.safeline.scheduling.entity.ScheduleEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class ScheduleRepository implements PanacheRepositoryBase<ScheduleEntity, UUID> {
}
