package health.safeline.escalation.service;

import com.fasterxml.jackson.core.type.TypeReference;
import health.safeline.escalation.config.EscalationConfig;
import health.safeline.escalation.config.EscalationConfig.PolicySnapshot;
import health.safeline.escalation.entity.EscalationCall;
import health.safeline.escalation.entity.EscalationEntity;
import health.safeline.escalation.mapping.EscalationMapper;
import health.safeline.escalation.repository.EscalationCallRepository;
import health.safeline.escalation.repository.EscalationRepository;
import health.safeline.escalation.repository.EscalationReader;
import health.safeline.escalation.rest.EscalationApi.AttemptView;
import health.safeline.escalation.rest.EscalationApi.CallView;
import health.safeline.escalation.rest.EscalationApi.DeliveryView;
import health.safeline.escalation.rest.EscalationApi.EscalationView;
import health.safeline.escalation.rest.EscalationApi.ResolveRequest;
import health.safeline.api.Limits;
import health.safeline.api.RedFlag;
import health.safeline.shared.audit.AuditLog;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Failures;
import health.safeline.shared.error.Params;
import health.safeline.shared.fhir.EscalationMessages;
import health.safeline.shared.fhir.References;
import health.safeline.shared.fhir.SearchParams;
import health.safeline.shared.fhir.EscalationMessages.Alert;
import health.safeline.shared.fhir.EscalationMessages.ClinicianClearance;
import health.safeline.shared.outbox.Outbox;
import health.safeline.shared.persistence.JsonColumns;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hl7.fhir.r4.model.Communication;
import org.jboss.logging.Logger;

/**
 * The clinicians' worklist: receives alerts idempotently, starts their acknowledgement deadline,
 * and records acknowledgements and resolutions; a clearance for booking goes to triage via the outbox.
 */
@ApplicationScoped
public class EscalationService {

    public static final String TRIAGE = "triage";
    public static final String CLEAR_FOR_BOOKING = EscalationMessages.CLEAR_FOR_BOOKING;
    public static final Set<String> OUTCOMES = Set.of("sent-to-ed", "advised-911", "callback-completed",
            CLEAR_FOR_BOOKING);
    private static final Map<String, List<String>> STATUS_FILTERS = Map.of(
            "open", List.of(EscalationEntity.TRIGGERED, EscalationEntity.ACKNOWLEDGED),
            EscalationEntity.TRIGGERED, List.of(EscalationEntity.TRIGGERED),
            EscalationEntity.ACKNOWLEDGED, List.of(EscalationEntity.ACKNOWLEDGED),
            EscalationEntity.RESOLVED, List.of(EscalationEntity.RESOLVED));
    public static final List<String> PRIORITIES = List.of("stat", "asap", "urgent");
    /** Communication.status codes (FHIR R4 event-status). */
    public static final List<String> COMMUNICATION_STATUSES = List.of("preparation", "in-progress", "not-done",
            "on-hold", "stopped", "completed", "entered-in-error", "unknown");
    static final String TIME_TO_ACKNOWLEDGE = "safeline.escalation.time.to.acknowledge";
    static final String TIME_TO_RESOLVE = "safeline.escalation.time.to.resolve";
    private static final Logger LOG = Logger.getLogger(EscalationService.class);
    private static final int MAX_NOTE = 4000;
    private static final int MAX_WINDOW_HOURS = 720;

    private static final TypeReference<List<AttemptView>> ATTEMPTS = new TypeReference<>() { };

    private final EscalationRepository escalations;
    private final EscalationReader reader;
    private final EscalationCallRepository calls;
    private final EscalationMapper mapper;
    private final EscalationConfig config;
    private final AuditLog audit;
    private final Outbox outbox;
    private final MeterRegistry metrics;
    private final JsonColumns json;

    EscalationService(EscalationRepository escalations, EscalationCallRepository calls, EscalationReader reader,
            EscalationMapper mapper, EscalationConfig config,
            AuditLog audit, Outbox outbox, MeterRegistry metrics, JsonColumns json) {
        this.metrics = metrics;
        this.json = json;
        this.escalations = escalations;
        this.calls = calls;
        this.reader = reader;
        this.mapper = mapper;
        this.config = config;
        this.audit = audit;
        this.outbox = outbox;
    }

    /** The outcome of a delivery: the call, its escalation, and whether this delivery added the call. */
    public record Receipt(EscalationCall call, EscalationEntity escalation, boolean created) {
    }

    /**
     * Puts an alert on the worklist once, however often it is delivered: as a new escalation, or attached
     * to the patient's open escalation about the same problem (a shared red flag or the same encounter),
     * raising its priority when the new call is more urgent.
     */
    public Uni<Receipt> receive(Communication received, String actor) {
        Alert alert = EscalationMessages.alertFrom(received).orElseThrow(() -> ApiProblem.unprocessable(
                "not-an-alert", "The Communication is not a Safeline alert (identifier, triage level of "
                        + "emergency or urgent, encounter and subject are required)"));
        validate(received, alert);
        UUID id = UUID.fromString(alert.id());
        return Panache.withTransaction(() -> escalations.lockPatient(alert.patientId())
                        .chain(() -> calls.findById(id))
                        .chain(call -> call != null ? duplicate(call, actor)
                                : escalations.openForPatient(alert.patientId()).chain(open -> sameProblem(open, alert)
                                        .map(e -> attach(e, alert, received, actor))
                                        .orElseGet(() -> insert(alert, received, actor)))))
                .onFailure(Failures::isUniqueViolation)
                .recoverWithUni(() -> Panache.withTransaction(() -> calls.findById(id)
                        .chain(call -> duplicate(call, actor))));
    }
    /** The worklist filtered by status, encounter, tier and priority (each optional), most urgent first. */
    public Uni<List<EscalationView>> list(String status, String encounterId, String tier, String priority,
            String limit) {
        List<String> statuses = null;
        if (status != null && !status.isBlank()) {
            statuses = STATUS_FILTERS.get(status);
            if (statuses == null) {
                throw ApiProblem.badRequest("invalid-status", "status must be one of open, triggered, acknowledged, resolved");
            }
        }
        if (encounterId != null && !Params.isFhirId(encounterId)) {
            throw ApiProblem.badRequest("invalid-encounter-id", "encounterId is not a valid id: at most 64 letters, "
                    + "digits, - and .");
        }
        if (priority != null && !PRIORITIES.contains(priority)) {
            throw ApiProblem.badRequest("invalid-priority", "priority must be one of stat, asap, urgent");
        }
        return escalations.list(statuses, encounterId, tierFilter(tier), priority,
                        Params.count(limit, "limit", 50, 100))
                .map(list -> list.stream().map(mapper::toView).toList());
    }

    /** The escalation with this id, or that the call with this id belongs to. */
    public Uni<EscalationEntity> find(UUID id) {
        return escalationIdOf(id).chain(escalations::findById)
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("Escalation " + id));
    }

    /** The received Communication of a call (the first call's id is also its escalation's). */
    public Uni<EscalationCall> call(UUID id) {
        return calls.findById(id).onItem().ifNull().failWith(() -> ApiProblem.notFound("Communication " + id));
    }

    /**
     * Received calls (Communications) matching every given filter, newest first: {@code encounter}
     * ({@code Encounter/id} or id), {@code subject} ({@code Patient/id} or id) and {@code status}
     * (comma-separated {@code Communication.status} codes, ORed; matched against the received resource).
     */
    public Uni<EscalationReader.CallPage> searchCalls(String encounter, String subject, String status, int offset,
            int count) {
        List<String> statuses = null;
        if (status != null && !status.isBlank()) {
            statuses = new ArrayList<>();
            for (String value : status.split(",", -1)) {
                String code = value.isBlank() ? "" : SearchParams.token(value, "status");
                if (!COMMUNICATION_STATUSES.contains(code)) {
                    throw ApiProblem.badRequest("invalid-status", "status must be among " + COMMUNICATION_STATUSES);
                }
                statuses.add(code);
            }
        }
        return reader.searchCalls(reference(encounter, "Encounter", "encounter"), reference(subject, "Patient",
                "subject"), statuses, offset, count);
    }

    private static String reference(String value, String type, String name) {
        return value == null || value.isBlank() ? null : SearchParams.reference(value, type, name);
    }

    /** Notification deliveries of an escalation (or of the escalation a call belongs to), with attempts. */
    public Uni<List<DeliveryView>> deliveries(UUID id) {
        return find(id).chain(e -> reader.deliveries(e.id)).map(rows -> rows.stream()
                .map(r -> new DeliveryView(r.getLong("event_id"), r.getString("kind"), r.getString("channel"),
                        r.getString("status"), json.read(r.getString("attempts"), ATTEMPTS)))
                .toList());
    }

    private Uni<UUID> escalationIdOf(UUID callOrEscalationId) {
        return calls.findById(callOrEscalationId).map(call -> call == null ? callOrEscalationId : call.escalationId);
    }

    /** Triggered to acknowledged; acknowledging again changes nothing; resolved is a 409. */
    public Uni<EscalationView> acknowledge(UUID id, String actor) {
        AtomicBoolean changed = new AtomicBoolean();
        return Panache.withTransaction(() -> locked(id).chain(e -> switch (e.status) {
            case EscalationEntity.RESOLVED -> Uni.createFrom().<EscalationEntity>failure(
                    ApiProblem.conflict("already-resolved", "The escalation is already resolved"));
            case EscalationEntity.ACKNOWLEDGED -> Uni.createFrom().item(e);
            default -> {
                e.status = EscalationEntity.ACKNOWLEDGED;
                e.acknowledgedAt = Instant.now();
                e.acknowledgedBy = actor;
                changed.set(true);
                yield audit.record(actor, "escalation.acknowledge", "Escalation", e.id, AuditLog.SUCCESS,
                        "tier-" + e.tier, Map.of("from", EscalationEntity.TRIGGERED, "to", EscalationEntity.ACKNOWLEDGED,
                                "tier", Integer.toString(e.tier))).replaceWith(e);
            }
        }))
                .invoke(e -> {
                    if (changed.get()) {
                        LOG.infof("Escalation %s acknowledged at tier %d", e.id, e.tier);
                        record(TIME_TO_ACKNOWLEDGE, "Time from an escalation's creation to its acknowledgement", e,
                                e.createdAt, e.acknowledgedAt);
                    }
                })
                .map(mapper::toView)
                .onFailure(ApiProblem.class).call(f -> refused(actor, "escalation.acknowledge", id, f));
    }

    /** Acknowledged to resolved with an outcome; {@code clear-for-booking} also clears the call with triage. */
    public Uni<EscalationView> resolve(UUID id, ResolveRequest request, String actor) {
        validate(request);
        boolean clear = CLEAR_FOR_BOOKING.equals(request.outcome());
        return Panache.withTransaction(() -> locked(id).chain(e -> switch (e.status) {
            case EscalationEntity.TRIGGERED -> Uni.createFrom().<EscalationEntity>failure(ApiProblem.conflict("not-acknowledged",
                    "Acknowledge the escalation before resolving it"));
            case EscalationEntity.RESOLVED -> Uni.createFrom().<EscalationEntity>failure(
                    ApiProblem.conflict("already-resolved", "The escalation is already resolved"));
            default -> {
                e.status = EscalationEntity.RESOLVED;
                e.resolvedAt = Instant.now();
                e.resolvedBy = actor;
                e.outcome = request.outcome();
                e.note = request.note();
                e.bookingWindowHours = clear ? request.bookingWindowHours() : null;
                Uni<Void> clearance = !clear ? Uni.createFrom().voidItem() : clearances(e, actor,
                        request.bookingWindowHours());
                yield clearance.chain(() -> audit.record(actor, "escalation.resolve", "Escalation", e.id,
                        AuditLog.SUCCESS, request.outcome(), Map.of("from", EscalationEntity.ACKNOWLEDGED,
                                "to", EscalationEntity.RESOLVED, "outcome", request.outcome()))).replaceWith(e);
            }
        }))
                .invoke(e -> {
                    LOG.infof("Escalation %s resolved: %s", e.id, e.outcome);
                    record(TIME_TO_RESOLVE, "Time from an escalation's acknowledgement to its resolution", e,
                            e.acknowledgedAt, e.resolvedAt);
                    if (clear) {
                        outbox.kick();
                    }
                })
                .map(mapper::toView)
                .onFailure(ApiProblem.class).call(f -> refused(actor, "escalation.resolve", id, f));
    }

    /** One clinician clearance for triage per encounter on the escalation (the first call's and attached ones). */
    private Uni<Void> clearances(EscalationEntity e, String actor, int windowHours) {
        List<String> encounters = mapper.calls(e).stream().map(CallView::encounterId).distinct().toList();
        return Multi.createFrom().iterable(encounters)
                .onItem().transformToUniAndConcatenate(encounter -> outbox.enqueue(TRIAGE,
                        EscalationMessages.toCommunication(new ClinicianClearance(UUID.randomUUID().toString(),
                                e.id.toString(), encounter, e.patientId, actor, windowHours))))
                .collect().last().replaceWithVoid();
    }

    private Uni<Receipt> insert(Alert alert, Communication received, String actor) {
        EscalationEntity e = mapper.toEntity(alert);
        e.createdAt = Instant.now();
        PolicySnapshot policy = policy(e.priority);
        applyPolicy(e, policy, e.createdAt);
        e.tier = 1;
        e.tierName = policy.tiers().get(0);
        EscalationCall call = mapper.toCall(alert, received, e.id, e.createdAt);
        e.calls = json.write(List.of(callView(call)));
        return escalations.persist(e)
                .call(escalations::flush)
                .call(() -> calls.persist(call))
                .call(() -> audit.record(actor, "escalation.receive", "Escalation", e.id, AuditLog.SUCCESS,
                        e.priority, Map.of("to", EscalationEntity.TRIGGERED, "priority", e.priority,
                                "tier", "1")))
                .invoke(() -> LOG.infof("Escalation %s triggered: %s, ack within %ds", e.id, e.priority,
                        e.ackWindowSeconds))
                .map(saved -> new Receipt(call, saved, true));
    }

    /**
     * Attaches a later call to the open escalation {@code e} (locked): its red flags join the escalation's;
     * a more urgent call raises the priority, takes that priority's policy now in force, brings the
     * acknowledgement deadline forward, and sends an acknowledged escalation back to triggered.
     */
    private Uni<Receipt> attach(EscalationEntity e, Alert alert, Communication received, String actor) {
        Instant now = Instant.now();
        EscalationCall call = mapper.toCall(alert, received, e.id, now);
        List<CallView> onIt = mapper.calls(e);
        onIt.add(callView(call));
        e.calls = json.write(onIt);
        List<RedFlag> flags = new ArrayList<>(mapper.redFlags(e));
        Set<String> known = new HashSet<>(flags.stream().map(RedFlag::id).toList());
        alert.redFlags().stream().filter(f -> known.add(f.id())).forEach(flags::add);
        e.redFlags = json.write(flags);
        String from = e.priority;
        String fromStatus = e.status;
        boolean raised = PRIORITIES.indexOf(call.priority) < PRIORITIES.indexOf(e.priority);
        if (raised) {
            PolicySnapshot policy = policy(call.priority);
            e.priority = call.priority;
            e.level = alert.level().code();
            Instant deadline = e.ackDeadline;
            applyPolicy(e, policy, now);
            if (EscalationEntity.TRIGGERED.equals(e.status) && deadline.isBefore(e.ackDeadline)) {
                e.ackDeadline = deadline;
            }
            e.status = EscalationEntity.TRIGGERED;
            e.acknowledgedAt = null;
            e.acknowledgedBy = null;
            e.tier = Math.min(e.tier, policy.tiers().size());
            e.tierName = policy.tiers().get(e.tier - 1);
            e.repeats = 0;
            e.fallbackDue = false;
        }
        return calls.persist(call)
                .call(() -> audit.record(actor, "escalation.attach", "Escalation", e.id, AuditLog.SUCCESS,
                        "call-" + call.id, Map.of("call", call.id.toString(), "priority", call.priority)))
                .call(() -> !raised ? Uni.createFrom().voidItem() : audit.record(actor,
                        "escalation.priority-raised", "Escalation", e.id, AuditLog.SUCCESS, from + "-to-" + e.priority,
                        Map.of("from", fromStatus, "to", e.status, "fromPriority", from, "toPriority", e.priority)))
                .invoke(() -> LOG.infof("Call %s attached to escalation %s (%s%s)", call.id, e.id, e.priority,
                        raised ? ", raised from " + from : ""))
                .replaceWith(new Receipt(call, e, true));
    }

    /** The first open escalation about the same problem: a shared recognised red flag, or the same encounter. */
    private Optional<EscalationEntity> sameProblem(List<EscalationEntity> open, Alert alert) {
        Set<String> flags = new HashSet<>(alert.redFlags().stream().map(RedFlag::id).toList());
        flags.remove(RedFlag.UNRECOGNISED);
        return open.stream().filter(e -> mapper.calls(e).stream().anyMatch(c -> c.encounterId().equals(alert.encounterId()))
                || mapper.redFlags(e).stream().anyMatch(f -> flags.contains(f.id()))).findFirst();
    }

    private void applyPolicy(EscalationEntity e, PolicySnapshot policy, Instant from) {
        e.ackWindowSeconds = policy.ackWindowSeconds();
        e.resolveWindowSeconds = policy.resolveWindowSeconds();
        e.tiers = json.write(policy.tiers());
        e.repeatCount = policy.repeat();
        e.fallback = policy.fallback();
        e.ackDeadline = from.plusSeconds(e.ackWindowSeconds);
    }

    private static CallView callView(EscalationCall call) {
        return new CallView(call.id.toString(), call.encounterId, call.priority, call.receivedAt);
    }

    private Uni<Receipt> duplicate(EscalationCall call, String actor) {
        LOG.infof("Call %s delivered again, kept as it is", call.id);
        return escalations.findById(call.escalationId)
                .call(() -> audit.record(actor, "escalation.receive", "Escalation", call.escalationId,
                        AuditLog.SUCCESS, "duplicate"))
                .map(e -> new Receipt(call, e, false));
    }

    private Uni<EscalationEntity> locked(UUID id) {
        return escalationIdOf(id).chain(escalations::findForUpdate)
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("Escalation " + id));
    }

    private Uni<Void> refused(String actor, String action, UUID id, Throwable failure) {
        ApiProblem problem = (ApiProblem) failure;
        if (problem.status() != 409) {
            return Uni.createFrom().voidItem();
        }
        LOG.infof("Escalation %s: %s refused (%s)", id, action, problem.code());
        return audit.record(actor, action, "Escalation", id, AuditLog.REFUSED, problem.code());
    }

    /** Records {@code from}..{@code to} on the timer {@code name} tagged by priority and tier. */
    private void record(String name, String description, EscalationEntity e, Instant from, Instant to) {
        if (from == null || to == null) {
            return;
        }
        Timer.builder(name).description(description)
                .tag("priority", e.priority).tag("tier", Integer.toString(e.tier))
                .publishPercentileHistogram()
                .register(metrics)
                .record(from.isAfter(to) ? Duration.ZERO : Duration.between(from, to));
    }

    /** The policy in force now for {@code priority} (stat, asap, otherwise urgent), to snapshot. */
    PolicySnapshot policy(String priority) {
        EscalationConfig.Policy p = config.policy();
        return switch (priority) {
            case "stat" -> snapshot(p.stat(), p.stat().ackDeadline(), p.stat().resolveDeadline());
            case "asap" -> snapshot(p.asap(), p.asap().ackDeadline(), p.asap().resolveDeadline());
            default -> snapshot(p.urgent(), p.urgent().ackDeadline(), p.urgent().resolveDeadline());
        };
    }

    private PolicySnapshot snapshot(EscalationConfig.Common p, Duration ack, Duration resolve) {
        List<String> tiers = p.tiers().filter(t -> !t.isEmpty()).orElse(config.tiers());
        return new PolicySnapshot(seconds(ack), seconds(resolve), List.copyOf(tiers), Math.max(0, p.repeat()),
                p.fallback());
    }

    private static int seconds(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toSeconds()));
    }

    private static Integer tierFilter(String tier) {
        if (tier == null) {
            return null;
        }
        try {
            int value = Integer.parseInt(tier.strip());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the 400
        }
        throw ApiProblem.badRequest("invalid-tier", "tier must be a whole number from 1");
    }

    /**
     * An alert names the call, the patient and the assessment by id and carries the call's words and the protocol's
     * red flags: each is checked before anything is stored (triage sends them so; anything else is a 422).
     */
    private static void validate(Communication received, Alert alert) {
        References.id(received.getEncounter(), "Encounter", "Communication.encounter");
        References.id(received.getSubject(), "Patient", "Communication.subject");
        received.getAbout().forEach(about -> References.find(about, "Communication.about"));
        for (RedFlag flag : alert.redFlags()) {
            if (flag.id() == null || !flag.id().matches("[a-z0-9][a-z0-9-]{0,63}")) {
                throw ApiProblem.unprocessable("invalid-red-flag", "Communication.reasonCode must carry red-flag "
                        + "codes: at most 64 lower-case letters, digits and -");
            }
            if (flag.title() != null && flag.title().length() > Limits.RED_FLAG_TITLE) {
                throw ApiProblem.unprocessable("too-long", "A red flag's title is longer than "
                        + Limits.RED_FLAG_TITLE + " characters");
            }
        }
        for (Communication.CommunicationPayloadComponent payload : received.getPayload()) {
            String text = payload.hasContentStringType() ? payload.getContentStringType().getValue() : "";
            if (!text.startsWith(EscalationMessages.REASON_PAYLOAD)
                    && !text.startsWith(EscalationMessages.NARRATIVE_PAYLOAD)) {
                throw ApiProblem.unprocessable("invalid-payload", "Communication.payload holds the reason for the call "
                        + "('" + EscalationMessages.REASON_PAYLOAD + "…') and the caller's words ('"
                        + EscalationMessages.NARRATIVE_PAYLOAD + "…') only");
            }
        }
        if (alert.reason() != null && alert.reason().length() > Limits.REASON) {
            throw ApiProblem.unprocessable("too-long", "The reason for the call is longer than " + Limits.REASON
                    + " characters");
        }
        if (alert.narrative() != null && alert.narrative().length() > Limits.NARRATIVE) {
            throw ApiProblem.unprocessable("too-long", "The caller's words are longer than " + Limits.NARRATIVE
                    + " characters");
        }
    }

    private static void validate(ResolveRequest r) {
        if (r == null) {
            throw ApiProblem.badRequest("missing-body", "A JSON body is required");
        }
        if (r.outcome() == null || !OUTCOMES.contains(r.outcome())) {
            throw ApiProblem.badRequest("invalid-outcome", "outcome must be one of " + OUTCOMES);
        }
        Params.text(r.note(), "note", MAX_NOTE);
        if (CLEAR_FOR_BOOKING.equals(r.outcome()) && (r.bookingWindowHours() == null
                || r.bookingWindowHours() < 1 || r.bookingWindowHours() > MAX_WINDOW_HOURS)) {
            throw ApiProblem.badRequest("invalid-booking-window",
                    "clear-for-booking requires bookingWindowHours between 1 and " + MAX_WINDOW_HOURS);
        }
    }

}
