package health.safeline.scheduling.entity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A practitioner who owns schedules; the id is Safeline's practitioner identifier. */
@Entity
@Table(name = "practitioner")
public class PractitionerEntity extends PanacheEntityBase {
    @Id
    public String id;
    public String name;
}
