package health.safeline.shared.audit;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One audited decision: who did what to which entity, when, with what outcome. Append-only. */
@Entity
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "recorded_at")
    public Instant recordedAt;
    public String source;
    public String actor;
    public String action;
    @Column(name = "entity_type")
    public String entityType;
    @Column(name = "entity_id")
    public String entityId;
    public String outcome;
    public String code;
    /** JSON object of strings: from and to states, tier, outcome and the like. */
    public String detail;
}
