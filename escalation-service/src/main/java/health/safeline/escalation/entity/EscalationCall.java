package health.safeline.escalation.entity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One call (alert Communication) on the worklist and the escalation it created or was attached to. */
@Entity
@Table(name = "escalation_call")
public class EscalationCall extends PanacheEntityBase {
    /** The alert Communication's identifier value (the first call's equals its escalation's id). */
    @Id
    public UUID id;
    @Column(name = "escalation_id")
    public UUID escalationId;
    @Column(name = "encounter_id")
    public String encounterId;
    /** Priority of this call as triage sent it. */
    public String priority;
    /** The received alert Communication, as FHIR JSON. */
    public String communication;
    @Column(name = "received_at")
    public Instant receivedAt;
}
