package health.safeline.escalation.entity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One escalated call on the clinicians' worklist, with its deadline and escalation tier. */
@Entity
@Table(name = "escalation")
public class EscalationEntity extends PanacheEntityBase {
    public static final String TRIGGERED = "triggered";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String RESOLVED = "resolved";

    /** The alert Communication's identifier value. */
    @Id
    public UUID id;
    @Column(name = "encounter_id")
    public String encounterId;
    @Column(name = "patient_id")
    public String patientId;
    @Column(name = "assessment_id")
    public String assessmentId;
    /** Triage level code: emergency or urgent. */
    public String level;
    /** Communication priority: stat, asap or urgent. */
    public String priority;
    public String status;
    /** 1-based escalation tier. */
    public int tier;
    @Column(name = "tier_name")
    public String tierName;
    /** Acknowledgement window of the policy in force at creation. */
    @Column(name = "ack_window_seconds")
    public int ackWindowSeconds;
    @Column(name = "ack_deadline")
    public Instant ackDeadline;
    /** How many acknowledgement deadlines were missed. */
    public int breaches;
    /** Resolve window of the policy in force at creation (from acknowledgement). */
    @Column(name = "resolve_window_seconds")
    public int resolveWindowSeconds;
    /** JSON array of the policy's tier names at creation, in order. */
    public String tiers;
    /** Rounds of the last tier allowed after reaching it (policy at creation). */
    @Column(name = "repeat_count")
    public int repeatCount;
    /** Rounds of the last tier done so far. */
    public int repeats;
    /** Terminal instruction of the policy at creation. */
    public String fallback;
    /** Every tier and repeat was missed: the fallback applies (the escalation stays open). */
    @Column(name = "fallback_due")
    public boolean fallbackDue;
    /** JSON array of red flags. */
    @Column(name = "red_flags")
    public String redFlags;
    public String reason;
    public String narrative;
    /** JSON array of the calls on this escalation ({@code CallView}), first call first. */
    public String calls;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;
    @Column(name = "acknowledged_by")
    public String acknowledgedBy;
    @Column(name = "resolved_at")
    public Instant resolvedAt;
    @Column(name = "resolved_by")
    public String resolvedBy;
    public String outcome;
    public String note;
    @Column(name = "booking_window_hours")
    public Integer bookingWindowHours;
}
