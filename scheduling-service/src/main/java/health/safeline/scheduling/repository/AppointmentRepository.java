package health.safeline.scheduling.repository;

import health.safeline.scheduling.entity.AppointmentEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class AppointmentRepository implements PanacheRepositoryBase<AppointmentEntity, UUID> {

    public Uni<List<AppointmentEntity>> bookedBetween(Instant from, Instant to) {
        return list("status = ?1 and start >= ?2 and start < ?3", AppointmentEntity.BOOKED, from, to);
    }

    public Uni<AppointmentEntity> bookedFor(UUID encounterId) {
        return find("status = ?1 and encounterId = ?2", AppointmentEntity.BOOKED, encounterId).firstResult();
    }
}
