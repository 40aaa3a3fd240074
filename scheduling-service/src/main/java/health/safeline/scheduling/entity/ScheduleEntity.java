package health.safeline.scheduling.entity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A practitioner's weekly pattern of bookable slots. */
@Entity
@Table(name = "schedule")
public class ScheduleEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "practitioner_id")
    public String practitionerId;
    /** ISO days of week, comma separated (1 = Monday). */
    @Column(name = "days_of_week")
    public String daysOfWeek;
    @Column(name = "start_minute")
    public int startMinute;
    @Column(name = "end_minute")
    public int endMinute;
    @Column(name = "slot_minutes")
    public int slotMinutes;
    public String zone;
}
