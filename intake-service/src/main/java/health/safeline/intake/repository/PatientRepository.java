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

    /**
     * The patient with {@code p.identifier}, created from {@code p} when there is none. Concurrent calls for one new
     * identifier all get the one row: the insert waits for a concurrent one and then does nothing (no unique-key
     * error, so no identifier in the database's log either); an existing row is never changed.
     */
    public Uni<PatientEntity> findOrCreate(PatientEntity p) {
        return getSession().chain(s -> s.createNativeQuery("""
                INSERT INTO patient (id, identifier, name, birth_date, sex, phone, updated_at, version)
                VALUES (:id, :identifier, :name, :birthDate, :sex, :phone, :updatedAt, 0)
                ON CONFLICT (identifier) DO NOTHING""")
                .setParameter("id", p.id).setParameter("identifier", p.identifier).setParameter("name", p.name)
                .setParameter("birthDate", p.birthDate).setParameter("sex", p.sex).setParameter("phone", p.phone)
                .setParameter("updatedAt", p.updatedAt)
                .executeUpdate())
                .chain(() -> findByIdentifier(p.identifier));
    }
}
