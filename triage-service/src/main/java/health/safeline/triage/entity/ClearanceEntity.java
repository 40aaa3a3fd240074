package health.safeline.triage.entity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Permission to book an encounter inside a window, from the protocol or from a clinician. */
@Entity
@Table(name = "clearance")
public class ClearanceEntity extends PanacheEntityBase {
    public static final String PROTOCOL = "protocol";
    public static final String CLINICIAN = "clinician";

    @Id
    public UUID id;
    @Column(name = "encounter_id")
    public UUID encounterId;
    public String source;
    public String status;
    @Column(name = "window_start")
    public Instant windowStart;
    @Column(name = "window_end")
    public Instant windowEnd;
    @Column(name = "issued_at")
    public Instant issuedAt;
    @Column(name = "issued_by")
    public String issuedBy;
    /** The clinician's clearance Communication, for idempotent receipt. */
    @Column(name = "communication_id")
    public UUID communicationId;
}
