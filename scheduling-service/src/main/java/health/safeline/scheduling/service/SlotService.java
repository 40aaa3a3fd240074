package health.safeline.scheduling.service;

import health.safeline.scheduling.entity.PractitionerEntity;
import health.safeline.scheduling.entity.ScheduleEntity;
import health.safeline.scheduling.repository.BookedSlotReader;
import health.safeline.scheduling.repository.BookedSlotReader.Taken;
import health.safeline.scheduling.repository.PractitionerRepository;
import health.safeline.scheduling.repository.ScheduleRepository;
import health.safeline.scheduling.service.SlotCalendar.Slot;
import health.safeline.shared.error.ApiProblem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Slots and schedules as FHIR sees them: the slots of the weekly schedules that start from now on, each
 * free or busy (booked). A slot that has started is no longer served.
 */
@ApplicationScoped
public class SlotService {

    public static final String FREE = "free";
    public static final String BUSY = "busy";

    /** A slot and whether an appointment holds it. */
    public record SlotState(Slot slot, boolean busy) {
        public String status() {
            return busy ? BUSY : FREE;
        }
    }

    /** A schedule and the practitioner who owns it. */
    public record ScheduleView(ScheduleEntity schedule, PractitionerEntity practitioner) {
    }

    private final ScheduleRepository schedules;
    private final BookedSlotReader booked;
    private final PractitionerRepository practitioners;

    SlotService(ScheduleRepository schedules, BookedSlotReader booked, PractitionerRepository practitioners) {
        this.schedules = schedules;
        this.booked = booked;
        this.practitioners = practitioners;
    }

    /** The slots starting in [max(from, now), to) whose status is one of {@code statuses}, by start then practitioner. */
    public Uni<List<SlotState>> search(Instant from, Instant to, Set<String> statuses) {
        Instant start = from.isBefore(Instant.now()) ? Instant.now() : from;
        if (!to.isAfter(start)) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.withSession(schedules::listAll)
                .chain(all -> booked.between(start, to).map(taken -> SlotCalendar.slots(all, start, to).stream()
                        .map(s -> new SlotState(s, taken.contains(taken(s))))
                        .filter(s -> statuses.contains(s.status()))
                        .toList()));
    }

    /** The slot of {@code scheduleId} starting at {@code start}; 404 when there is none or it has started. */
    public Uni<SlotState> slot(UUID scheduleId, Instant start) {
        if (!start.isAfter(Instant.now())) {
            return Uni.createFrom().failure(ApiProblem.notFound("Slot"));
        }
        return Panache.withSession(() -> schedules.findById(scheduleId)).chain(schedule -> {
            Slot slot = schedule == null ? null : SlotCalendar.slots(List.of(schedule), start, start.plusSeconds(1))
                    .stream().filter(s -> s.start().equals(start)).findFirst().orElse(null);
            if (slot == null) {
                return Uni.createFrom().failure(ApiProblem.notFound("Slot"));
            }
            return booked.between(start, start.plusSeconds(1))
                    .map(taken -> new SlotState(slot, taken.contains(taken(slot))));
        });
    }

    public Uni<ScheduleView> schedule(UUID id) {
        return Panache.withSession(() -> schedules.findById(id)
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("Schedule " + id))
                .chain(s -> practitioners.findById(s.practitionerId).map(p -> new ScheduleView(s, p))));
    }

    private static Taken taken(Slot s) {
        return new Taken(s.practitioner(), s.start());
    }
}
