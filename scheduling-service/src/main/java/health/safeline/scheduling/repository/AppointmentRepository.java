package health.safeline.scheduling.repository;

import health.safeline.scheduling.entity.AppointmentEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class AppointmentRepository implements PanacheRepositoryBase<AppointmentEntity, UUID> {

    /** A search: each criterion is optional (null). */
    public record Criteria(String patientId, Instant from, Instant to) {

        String where() {
            StringBuilder where = new StringBuilder("1 = 1");
            if (patientId != null) {
                where.append(" and patientId = :patient");
            }
            if (from != null) {
                where.append(" and start >= :from");
            }
            if (to != null) {
                where.append(" and start < :to");
            }
            return where.toString();
        }

        Parameters parameters() {
            Parameters p = new Parameters();
            if (patientId != null) {
                p.and("patient", patientId);
            }
            if (from != null) {
                p.and("from", from);
            }
            if (to != null) {
                p.and("to", to);
            }
            return p;
        }
    }

    /** In one query: the encounter's booked appointment, if any, and those booked at {@code start} (within 1 s). */
    public Uni<List<AppointmentEntity>> bookedForOrAt(UUID encounterId, Instant start) {
        return list("status = ?1 and (encounterId = ?2 or (start >= ?3 and start < ?4))", AppointmentEntity.BOOKED,
                encounterId, start, start.plusSeconds(1));
    }

    public Uni<Long> count(Criteria criteria) {
        return count(criteria.where(), criteria.parameters());
    }

    /** One page of the matches, by start then id. */
    public Uni<List<AppointmentEntity>> page(Criteria criteria, int offset, int count) {
        return find(criteria.where() + " order by start, id", criteria.parameters())
                .range(offset, (int) Math.min(Integer.MAX_VALUE, (long) offset + count - 1)).list();
    }
}
