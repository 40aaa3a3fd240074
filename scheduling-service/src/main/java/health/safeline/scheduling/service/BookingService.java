package health.safeline.scheduling.service;

import health.safeline.scheduling.client.ClearanceClient;
import health.safeline.scheduling.entity.AppointmentEntity;
import health.safeline.scheduling.entity.ScheduleEntity;
import health.safeline.scheduling.repository.AppointmentRepository;
import health.safeline.scheduling.repository.BookedSlotReader;
import health.safeline.scheduling.repository.BookedSlotReader.Taken;
import health.safeline.scheduling.repository.ScheduleRepository;
import health.safeline.scheduling.service.SlotCalendar.Slot;
import health.safeline.scheduling.service.SlotCalendar.Span;
import health.safeline.api.Clearance;
import health.safeline.shared.audit.AuditLog;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Failures;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Books only what triage cleared: the clearance is checked before the slot, a missing answer
 * from triage refuses the booking, and every refusal is audited.
 */
@ApplicationScoped
public class BookingService {

    public static final String CLEARANCE_REQUIRED = "triage-clearance-required";
    public static final String WINDOW_EXCEEDED = "clearance-window-exceeded";
    public static final String REVOKED = "clearance-revoked";
    public static final String SLOT_UNAVAILABLE = "slot-unavailable";
    public static final String PATIENT_MISMATCH = "clearance-patient-mismatch";
    public static final Duration MAX_RANGE = Duration.ofDays(31);

    private static final Logger LOG = Logger.getLogger(BookingService.class);

    private final ClearanceClient clearances;
    private final ScheduleRepository schedules;
    private final AppointmentRepository appointments;
    private final BookedSlotReader booked;
    private final AuditLog audit;

    BookingService(ClearanceClient clearances, ScheduleRepository schedules, AppointmentRepository appointments,
            BookedSlotReader booked, AuditLog audit) {
        this.clearances = clearances;
        this.schedules = schedules;
        this.appointments = appointments;
        this.booked = booked;
        this.audit = audit;
    }

    /**
     * Free slots starting in [from, to), at most {@code limit}, of {@code practitioner} (null: of anyone). Reads the
     * booked slots a span at a time ({@link SlotCalendar#spans}), and only of the spans it examines.
     */
    public Uni<List<Slot>> freeSlots(Instant from, Instant to, int limit, String practitioner) {
        Instant start = from.isBefore(Instant.now()) ? Instant.now() : from;
        return Panache.withSession(schedules::listAll).chain(all -> {
            List<ScheduleEntity> theirs = all.stream()
                    .filter(s -> practitioner == null || practitioner.equals(s.practitionerId)).toList();
            return firstFree(SlotCalendar.spans(start, to), span -> freeOn(theirs, span), limit);
        });
    }

    /** The free slots of {@code span}; a span without slots is not read. */
    private Uni<List<Slot>> freeOn(List<ScheduleEntity> schedules, Span span) {
        List<Slot> slots = SlotCalendar.slots(schedules, span.start(), span.end());
        if (slots.isEmpty()) {
            return Uni.createFrom().item(slots);
        }
        return booked.between(span.start(), span.end()).map(taken ->
                slots.stream().filter(s -> !taken.contains(new Taken(s.practitioner(), s.start()))).toList());
    }

    /**
     * The first {@code limit} slots of {@code spans}, in order: asks {@code freeOn} for one span after the other
     * (one query at a time in the session) and for no further span once the page is full.
     */
    static Uni<List<Slot>> firstFree(List<Span> spans, Function<Span, Uni<List<Slot>>> freeOn, int limit) {
        return Multi.createFrom().iterable(spans)
                .onItem().transformToUniAndConcatenate(freeOn::apply)
                .onItem().transformToIterable(Function.identity())
                .select().first(limit)
                .collect().asList();
    }

    /** One page of an appointment search and the number of all matches. */
    public record Page(List<AppointmentEntity> appointments, long total) {
    }

    /**
     * Books the slot at {@code start} for the encounter (and the patient, when known) if triage cleared it:
     * the clearance is checked first, then the slot.
     */
    public Uni<AppointmentEntity> book(UUID encounterId, Instant start, String practitioner, String patientId,
            String actor) {
        return clearances.clearance(encounterId)
                .onFailure(ApiProblem.class).call(e -> refusalAudit(actor, encounterId, ((ApiProblem) e).code()))
                .chain(clearance -> {
                    String refusal = refusal(clearance, start, patientId);
                    if (refusal != null) {
                        return refuse(actor, encounterId, refusal, message(refusal, clearance));
                    }
                    return reserve(encounterId, start, practitioner, patientId, clearance.get(), actor);
                });
    }

    public Uni<AppointmentEntity> find(UUID id) {
        return appointments.findById(id).onItem().ifNull().failWith(() -> ApiProblem.notFound("Appointment " + id));
    }

    /** Appointments matching {@code criteria}, by start: the page at {@code offset} and the total. */
    public Uni<Page> search(AppointmentRepository.Criteria criteria, int offset, int count) {
        return Panache.withSession(() -> appointments.count(criteria)
                .chain(total -> appointments.page(criteria, offset, count).map(page -> new Page(page, total))));
    }

    /**
     * The refusal code for booking at {@code start} for {@code patientId} (null: the clearance's own patient), or
     * null when the clearance allows it: a clearance books its own call's patient only.
     */
    static String refusal(Optional<Clearance> clearance, Instant start, String patientId) {
        if (clearance.isEmpty()) {
            return CLEARANCE_REQUIRED;
        }
        if (!Clearance.ACTIVE.equals(clearance.get().status())) {
            return REVOKED;
        }
        if (patientId != null && !patientId.equals(clearance.get().patientId())) {
            return PATIENT_MISMATCH;
        }
        return clearance.get().covers(start) ? null : WINDOW_EXCEEDED;
    }

    static String message(String code, Optional<Clearance> clearance) {
        return switch (code) {
            case CLEARANCE_REQUIRED -> "Triage has not cleared this encounter for booking: do not book. "
                    + "Red-flag calls need a clinician's clearance first.";
            case REVOKED -> "The clearance for this encounter was revoked: do not book.";
            case PATIENT_MISMATCH -> "The clearance is for another patient: book only for the patient of the "
                    + "triaged call.";
            default -> "The slot lies outside the clearance window " + clearance.get().windowStart() + " to "
                    + clearance.get().windowEnd() + ".";
        };
    }

    private Uni<AppointmentEntity> reserve(UUID encounterId, Instant start, String practitioner, String patientId,
            Clearance clearance, String actor) {
        return Panache.withTransaction(() -> appointments.bookedForOrAt(encounterId, start).chain(booked -> {
            if (booked.stream().anyMatch(b -> b.encounterId.equals(encounterId))) {
                throw ApiProblem.conflict("already-booked", "This encounter already has an appointment");
            }
            // Past this check, the list holds the appointments booked at start.
            return schedules.listAll().chain(all -> {
                Optional<Slot> slot = SlotCalendar.slots(all, start, start.plusSeconds(1)).stream()
                        .filter(s -> s.start().equals(start) && start.isAfter(Instant.now()))
                        .filter(s -> practitioner == null || practitioner.equals(s.practitioner()))
                        .filter(s -> booked.stream().noneMatch(b -> b.practitionerId.equals(s.practitioner())))
                        .findFirst();
                if (slot.isEmpty()) {
                    throw slotUnavailable();
                }
                AppointmentEntity a = new AppointmentEntity();
                a.id = UUID.randomUUID();
                a.encounterId = encounterId;
                a.patientId = patientId != null ? patientId : clearance.patientId();
                a.scheduleId = slot.get().schedule();
                a.practitionerId = slot.get().practitioner();
                a.start = slot.get().start();
                a.end = slot.get().end();
                a.status = AppointmentEntity.BOOKED;
                a.clearanceId = clearance.id();
                a.createdAt = Instant.now();
                a.createdBy = actor;
                a.version = 1;
                return appointments.persist(a)
                        .call(() -> audit.record(actor, "appointment.book", "Encounter", encounterId,
                                AuditLog.SUCCESS, clearance.source()));
            });
        }))
                // A concurrent booking of the same slot loses on the unique index.
                .onFailure(Failures::isUniqueViolation).transform(e -> {
                    LOG.infof("Booking for encounter %s lost a race: %s", encounterId, e.getClass().getSimpleName());
                    return slotUnavailable();
                })
                .onFailure(ApiProblem.class).call(e -> refusalAudit(actor, encounterId, ((ApiProblem) e).code()));
    }

    private static ApiProblem slotUnavailable() {
        return ApiProblem.businessRule(SLOT_UNAVAILABLE, "The slot is not available: choose another free slot.");
    }

    private <T> Uni<T> refuse(String actor, UUID encounterId, String code, String message) {
        return refusalAudit(actor, encounterId, code)
                .chain(() -> Uni.createFrom().failure(ApiProblem.businessRule(code, message)));
    }

    private Uni<Void> refusalAudit(String actor, UUID encounterId, String code) {
        LOG.infof("Booking for encounter %s refused: %s", encounterId, code);
        return audit.record(actor, "appointment.book", "Encounter", encounterId, AuditLog.REFUSED, code);
    }
}
