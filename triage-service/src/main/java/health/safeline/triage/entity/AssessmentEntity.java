package health.safeline.triage.entity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One triage decision for one encounter, with the protocol version that made it. */
@Entity
@Table(name = "assessment")
public class AssessmentEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "encounter_id")
    public UUID encounterId;
    @Column(name = "patient_id")
    public String patientId;
    public String level;
    /** JSON array of the matched rules (id, title, level, evidence, rationale, source). */
    @Column(name = "matched_rules")
    public String matchedRules;
    /** JSON of the explanation (TriageExplanation: disposition, protocols, dismissed and open findings). */
    public String explanation;
    @Column(name = "protocol_version")
    public String protocolVersion;
    @Column(name = "agent_instructions")
    public String agentInstructions;
    /** The escalation Communication's id, for emergency and urgent calls. */
    @Column(name = "escalation_id")
    public UUID escalationId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "created_by")
    public String createdBy;
}
