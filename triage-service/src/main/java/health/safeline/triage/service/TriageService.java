package health.safeline.triage.service;

import health.safeline.api.Clearance;
import health.safeline.api.Limits;
import health.safeline.api.TriageLevel;
import health.safeline.api.Vitals;
import health.safeline.shared.audit.AuditLog;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Params;
import health.safeline.shared.fhir.EscalationMessages;
import health.safeline.shared.fhir.EscalationMessages.Alert;
import health.safeline.shared.fhir.EscalationMessages.ClinicianClearance;
import health.safeline.shared.fhir.TriageOperation;
import health.safeline.shared.fhir.VitalSigns;
import health.safeline.shared.outbox.Outbox;
import health.safeline.triage.client.EscalationClient;
import health.safeline.triage.client.EscalationClient.Resolution;
import health.safeline.triage.config.TriageConfig;
import health.safeline.triage.engine.Assessment;
import health.safeline.triage.engine.Disposition;
import health.safeline.triage.engine.ImplausibleVitalsException;
import health.safeline.triage.engine.TriageEngine;
import health.safeline.triage.engine.TriageInput;
import health.safeline.triage.entity.AssessmentEntity;
import health.safeline.triage.entity.ClearanceEntity;
import health.safeline.triage.mapping.TriageMapper;
import health.safeline.triage.repository.AssessmentRepository;
import health.safeline.triage.repository.ClearanceRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Parameters;
import org.jboss.logging.Logger;

/**
 * Runs the protocol on a call and stores the decision: red-flag calls go to escalation-service
 * through the outbox (same transaction), the others get a booking clearance.
 */
@ApplicationScoped
public class TriageService {

    private static final Logger LOG = Logger.getLogger(TriageService.class);
    public static final String ESCALATION = "escalation";

    private final TriageEngine engine;
    private final AssessmentRepository assessments;
    private final ClearanceRepository clearances;
    private final Outbox outbox;
    private final AuditLog audit;
    private final TriageMapper mapper;
    private final TriageConfig config;
    private final EscalationClient escalations;

    TriageService(TriageEngine engine, AssessmentRepository assessments, ClearanceRepository clearances,
            Outbox outbox, AuditLog audit, TriageMapper mapper, TriageConfig config, EscalationClient escalations) {
        this.engine = engine;
        this.assessments = assessments;
        this.clearances = clearances;
        this.outbox = outbox;
        this.audit = audit;
        this.mapper = mapper;
        this.config = config;
        this.escalations = escalations;
    }

    /** {@code Encounter/$triage}: idempotent per encounter, a repeated request gets the stored decision. */
    public Uni<Parameters> triage(Parameters parameters, String actor) {
        TriageOperation.Request request = TriageOperation.fromParameters(parameters)
                .orElseThrow(() -> ApiProblem.unprocessable("invalid-triage-request",
                        "Parameters need an Encounter in 'encounter' and a Patient in 'patient'"));
        UUID encounterId = uuid(request.encounter().getIdElement().getIdPart(), "encounter id");
        if (request.patient().getIdElement().getIdPart() == null) {
            throw ApiProblem.unprocessable("invalid-triage-request", "The Patient needs an id");
        }
        String patientId = uuid(request.patient().getIdElement().getIdPart(), "patient id").toString();
        validate(request);
        Assessment result = assess(request);
        return Panache.withTransaction(() -> assessments.findByEncounter(encounterId)
                        .chain(existing -> existing != null ? decided(existing)
                                : store(encounterId, patientId, request, result, actor)))
                // A concurrent duplicate loses on the unique constraint: it answers the stored decision.
                .onFailure().recoverWithUni(e -> Panache.withSession(() -> assessments.findByEncounter(encounterId)
                        .onItem().ifNull().failWith(e)
                        .chain(this::decided)))
                .invoke(d -> {
                    if (d.stored()) {
                        LOG.infof("Encounter %s triaged %s by protocol %s", encounterId, d.assessment().level,
                                d.assessment().protocolVersion);
                        if (d.assessment().escalationId != null) {
                            outbox.kick();
                        }
                    }
                })
                .map(d -> TriageOperation.toParameters(mapper.toDecision(d.assessment(), d.clearance()),
                        mapper.toFhir(d.assessment())));
    }

    public Uni<Clearance> clearance(UUID encounterId) {
        return clearances.inForce(encounterId)
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("Clearance for encounter " + encounterId))
                .map(f -> mapper.toApi(f.clearance(), f.patientId()));
    }

    /**
     * A clinician's clear-for-booking; answers true when it was new, false for a repeated delivery. Whoever sends it,
     * the clearance is issued only when escalation-service confirms that a clinician resolved the call's escalation
     * with clear-for-booking, and it carries that clinician and the window they gave.
     */
    public Uni<Boolean> receive(Communication communication, String actor) {
        ClinicianClearance cc = EscalationMessages.clearanceFrom(communication)
                .orElseThrow(() -> ApiProblem.unprocessable("not-a-clearance",
                        "Only clear-for-booking Communications (inResponseTo, encounter, booking window) are accepted"));
        window(cc.bookingWindowHours());
        if (cc.clinician() != null && !Params.isIdentifier(cc.clinician(), Limits.USER)) {
            throw ApiProblem.unprocessable("invalid-sender", "sender.identifier.value must name the clinician: at most "
                    + Limits.USER + " letters, digits and . _ - : @ +");
        }
        UUID communicationId = UUID.fromString(cc.id());
        UUID escalationId = uuid(cc.escalationId(), "inResponseTo");
        UUID encounterId = uuid(cc.encounterId(), "encounter");
        return Panache.withSession(() -> clearances.findByCommunication(communicationId)
                .chain(existing -> existing != null ? Uni.createFrom().item(false)
                        : assessments.findByEncounter(encounterId).chain(a -> {
                            if (a == null || a.escalationId == null) {
                                throw ApiProblem.unprocessable("unknown-escalation",
                                        "inResponseTo does not name an escalation of this encounter");
                            }
                            return escalations.resolution(a.escalationId)
                                    .map(r -> verified(r.orElse(null), escalationId))
                                    .chain(r -> issue(a, communicationId, r, cc.bookingWindowHours()));
                        })));
    }

    /** The resolution, when a clinician resolved escalation {@code escalationId} with clear-for-booking. */
    private Resolution verified(Resolution r, UUID escalationId) {
        if (r != null && !escalationId.toString().equals(r.escalationId())) {
            throw ApiProblem.unprocessable("unknown-escalation",
                    "inResponseTo does not name the escalation of this encounter");
        }
        if (r == null || !r.completed() || !EscalationMessages.CLEAR_FOR_BOOKING.equals(r.outcome())
                || r.clinician() == null) {
            throw ApiProblem.conflict("escalation-not-cleared",
                    "No clinician has resolved this escalation with clear-for-booking: no clearance is issued");
        }
        return r;
    }

    /** The clearance of resolution {@code r}: its clinician, and its window (else the one the message gave). */
    private Uni<Boolean> issue(AssessmentEntity a, UUID communicationId, Resolution r, int sentHours) {
        int hours = window(r.bookingWindowHours() == null ? sentHours : r.bookingWindowHours());
        Instant now = Instant.now();
        ClearanceEntity c = newClearance(a.encounterId, ClearanceEntity.CLINICIAN, now, now.plusSeconds(hours * 3600L),
                r.clinician());
        c.communicationId = communicationId;
        return Panache.withTransaction(() -> clearances.persist(c)
                .call(() -> audit.record(c.issuedBy, "clearance.clinician", "Encounter", a.encounterId,
                        AuditLog.SUCCESS, ClearanceEntity.CLINICIAN))
                .replaceWith(true));
    }

    private int window(int hours) {
        if (hours < 1 || hours > config.maxClinicianWindowHours()) {
            throw ApiProblem.unprocessable("invalid-window",
                    "bookingWindowHours must be 1.." + config.maxClinicianWindowHours());
        }
        return hours;
    }

    /** The encounter's assessment, or null. */
    public Uni<AssessmentEntity> findByEncounter(UUID encounterId) {
        return assessments.findByEncounter(encounterId);
    }

    public Uni<AssessmentEntity> find(UUID id) {
        return assessments.findById(id).onItem().ifNull().failWith(() -> ApiProblem.notFound("RiskAssessment/" + id));
    }

    /** The call's words and the caller's birth date keep to what intake accepts from an agent. */
    private static void validate(TriageOperation.Request request) {
        String reason = request.encounter().getReasonCodeFirstRep().getText();
        if (reason != null && reason.length() > Limits.REASON) {
            throw ApiProblem.unprocessable("too-long", "Encounter.reasonCode.text is longer than " + Limits.REASON
                    + " characters");
        }
        if (request.narrative() != null && request.narrative().length() > Limits.NARRATIVE) {
            throw ApiProblem.unprocessable("too-long", "narrative is longer than " + Limits.NARRATIVE + " characters");
        }
        if (request.patient().hasBirthDate() && !Limits.isPossibleBirthDate(LocalDate.ofInstant(
                request.patient().getBirthDate().toInstant(), ZoneOffset.UTC))) {
            throw ApiProblem.unprocessable("invalid-birth-date", "Patient.birthDate is not a possible birth date");
        }
    }

    private Assessment assess(TriageOperation.Request request) {
        Vitals vitals = VitalSigns.fromObservations(request.observations());
        vitals.implausible().ifPresent(message -> {
            throw ApiProblem.badRequest("implausible-vitals", message);
        });
        String reason = request.encounter().getReasonCodeFirstRep().getText();
        Integer age = request.patient().hasBirthDate()
                ? Period.between(LocalDate.ofInstant(request.patient().getBirthDate().toInstant(), ZoneOffset.UTC),
                        LocalDate.now(ZoneOffset.UTC)).getYears()
                : null;
        try {
            return engine.assess(new TriageInput(reason, request.narrative(), age, vitals, null));
        } catch (ImplausibleVitalsException e) {
            throw ApiProblem.badRequest("implausible-vitals", e.getMessage());
        }
    }

    /** An encounter's assessment, its clearance in force (or null) and whether this request stored them. */
    private record Decision(AssessmentEntity assessment, ClearanceEntity clearance, boolean stored) {
    }

    private Uni<Decision> decided(AssessmentEntity a) {
        return clearances.latestFor(a.encounterId).map(c -> new Decision(a, c, false));
    }

    /** Stores the decision in the caller's transaction; its answer is built from what was stored. */
    private Uni<Decision> store(UUID encounterId, String patientId, TriageOperation.Request request,
            Assessment result, String actor) {
        TriageLevel level = result.level();
        AssessmentEntity a = new AssessmentEntity();
        a.id = UUID.randomUUID();
        a.encounterId = encounterId;
        a.patientId = patientId;
        a.level = level.code();
        a.matchedRules = mapper.rulesJson(result.matchedRules());
        a.protocolVersion = result.protocolVersion();
        a.agentInstructions = instructions(result.disposition());
        a.escalationId = level.escalates() ? UUID.randomUUID() : null;
        // As timestamptz stores it (microseconds), so this answer equals a repeated request's.
        a.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        a.createdBy = actor;
        return assessments.persist(a)
                .chain(() -> level.escalates() ? escalate(a, request, result).replaceWith((ClearanceEntity) null)
                        : clear(a, result.disposition()))
                .call(() -> audit.record(actor, "triage.assess", "Encounter", encounterId, AuditLog.SUCCESS,
                        level.code()))
                .map(c -> new Decision(a, c, true));
    }

    private Uni<Void> escalate(AssessmentEntity a, TriageOperation.Request request, Assessment result) {
        Alert alert = new Alert(a.escalationId.toString(), a.encounterId.toString(), a.patientId, a.id.toString(),
                result.level(), result.redFlags(), request.encounter().getReasonCodeFirstRep().getText(),
                request.narrative());
        return outbox.enqueue(ESCALATION, EscalationMessages.toCommunication(alert));
    }

    /** The protocol's clearance: its window is the disposition's (same-day 24 h; routine 3 days to 30 days). */
    private Uni<ClearanceEntity> clear(AssessmentEntity a, Disposition disposition) {
        Instant start = a.createdAt;
        Instant end = start.plusSeconds(disposition.windowHours() * 3600L);
        return clearances.persist(newClearance(a.encounterId, ClearanceEntity.PROTOCOL, start, end,
                "protocol " + a.protocolVersion));
    }

    private String instructions(Disposition disposition) {
        return switch (disposition.level()) {
            case EMERGENCY -> "Tell the caller to hang up and dial 911 now. Do not book. A clinician has been alerted.";
            case URGENT -> "Do not book. A clinician will call back within " + config.urgentCallbackMinutes()
                    + " minutes. If symptoms get worse before then, the caller should dial 911.";
            case SAME_DAY -> "Book a same-day appointment: a slot starting within the next " + disposition.windowHours() + " hours.";
            case ROUTINE -> "Book a routine appointment within the next " + disposition.windowHours() / 24 + " days.";
        };
    }

    private static ClearanceEntity newClearance(UUID encounterId, String source, Instant start, Instant end,
            String issuedBy) {
        ClearanceEntity c = new ClearanceEntity();
        c.id = UUID.randomUUID();
        c.encounterId = encounterId;
        c.source = source;
        c.status = Clearance.ACTIVE;
        c.windowStart = start;
        c.windowEnd = end;
        c.issuedAt = Instant.now();
        c.issuedBy = issuedBy;
        return c;
    }

    private static UUID uuid(String value, String what) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiProblem.unprocessable("invalid-reference", what + " is not a Safeline id");
        }
    }
}
