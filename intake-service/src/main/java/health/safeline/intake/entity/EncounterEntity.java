package health.safeline.intake.entity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One call: what the agent recorded and what triage decided. */
@Entity
@Table(name = "encounter")
public class EncounterEntity extends PanacheEntityBase {
    public static final String IN_PROGRESS = "in-progress";
    public static final String TRIAGED = "triaged";
    public static final String PENDING = "pending";
    public static final String DONE = "done";

    @Id
    public UUID id;
    @Column(name = "patient_id")
    public UUID patientId;
    public String reason;
    public String narrative;
    public Integer systolic;
    public Integer diastolic;
    @Column(name = "heart_rate")
    public Integer heartRate;
    @Column(name = "respiratory_rate")
    public Integer respiratoryRate;
    @Column(name = "temperature_c")
    public Double temperatureC;
    public Integer spo2;
    public Integer glucose;
    /** FHIR Encounter.status: in-progress until triaged. */
    public String status;
    /** pending while triage has not answered, done after. */
    @Column(name = "triage_state")
    public String triageState;
    public String level;
    /** v3 ActPriority code. */
    public String priority;
    @Column(name = "assessment_id")
    public String assessmentId;
    /** JSON array of red flags. */
    @Column(name = "red_flags")
    public String redFlags;
    @Column(name = "agent_instructions")
    public String agentInstructions;
    @Column(name = "protocol_version")
    public String protocolVersion;
    @Column(name = "escalation_id")
    public String escalationId;
    /** The medications named on the call, one per line (risk modifiers for triage). */
    public String medications;
    /** JSON of triage's explanation (disposition, complaint protocols, dismissed and open findings). */
    public String explanation;
    /** JSON clearance, when triage issued one. */
    public String clearance;
    @Column(name = "triage_attempts")
    public int triageAttempts;
    @Column(name = "next_triage_at")
    public Instant nextTriageAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "triaged_at")
    public Instant triagedAt;
    /** The patient's details as the caller gave them on this call (the Patient record keeps the first ones). */
    @Column(name = "stated_name")
    public String statedName;
    @Column(name = "stated_birth_date")
    public java.time.LocalDate statedBirthDate;
    @Column(name = "stated_sex")
    public String statedSex;
    @Column(name = "stated_phone")
    public String statedPhone;
    /** Comma-separated names of the stated details that differ from the Patient record; null when none. */
    @Column(name = "patient_differs")
    public String patientDiffers;
    /** Optimistic-lock version; the FHIR versionId is this plus one. */
    @jakarta.persistence.Version
    public int version;
}
