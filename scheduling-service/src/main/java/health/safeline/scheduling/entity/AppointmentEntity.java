package health.safeline.scheduling.entity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A booked slot for a triaged, cleared encounter. */
@Entity
@Table(name = "appointment")
public class AppointmentEntity extends PanacheEntityBase {
    public static final String BOOKED = "booked";

    @Id
    public UUID id;
    @Column(name = "encounter_id")
    public UUID encounterId;
    /** The FHIR id of the Patient, when the booking named one. */
    @Column(name = "patient_id")
    public String patientId;
    @Column(name = "practitioner_id")
    public String practitionerId;
    /** The schedule whose slot this is (null for appointments booked before it was recorded). */
    @Column(name = "schedule_id")
    public UUID scheduleId;
    @Column(name = "start_at")
    public Instant start;
    @Column(name = "end_at")
    public Instant end;
    public String status;
    @Column(name = "clearance_id")
    public String clearanceId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "created_by")
    public String createdBy;
    /** meta.versionId and the ETag: 1 when booked, bumped by every change. */
    public int version = 1;
}
