package health.safeline.intake.entity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The caller as last recorded by an agent (a snapshot, not the EHR's master record). */
@Entity
@Table(name = "patient")
public class PatientEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public String identifier;
    public String name;
    @Column(name = "birth_date")
    public LocalDate birthDate;
    public String sex;
    public String phone;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** Optimistic-lock version; the FHIR versionId is this plus one. */
    @jakarta.persistence.Version
    public int version;
}
