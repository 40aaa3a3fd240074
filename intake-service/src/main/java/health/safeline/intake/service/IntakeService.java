package health.safeline.intake.service;

import health.safeline.intake.client.TriageClient;
import health.safeline.intake.entity.EncounterEntity;
import health.safeline.intake.entity.PatientEntity;
import health.safeline.intake.mapping.IntakeMapper;
import health.safeline.intake.repository.EncounterRepository;
import health.safeline.intake.repository.PatientRepository;
import health.safeline.intake.rest.IntakeApi.IntakeRequest;
import health.safeline.intake.rest.IntakeApi.IntakeResponse;
import health.safeline.intake.rest.IntakeApi.PatientInput;
import health.safeline.shared.audit.AuditLog;
import health.safeline.api.CallText;
import health.safeline.api.Limits;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Params;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Stores a call, then asks triage. If triage cannot answer, the call stays untriaged, the agent is
 * told not to book, and a background job retries until triage answers.
 */
@ApplicationScoped
public class IntakeService {

    private static final Logger LOG = Logger.getLogger(IntakeService.class);
    private static final Set<String> SEXES = Set.of("male", "female", "other", "unknown");

    private final PatientRepository patients;
    private final EncounterRepository encounters;
    private final TriageClient triage;
    private final IntakeMapper mapper;
    private final AuditLog audit;

    IntakeService(PatientRepository patients, EncounterRepository encounters, TriageClient triage,
            IntakeMapper mapper, AuditLog audit) {
        this.patients = patients;
        this.encounters = encounters;
        this.triage = triage;
        this.mapper = mapper;
        this.audit = audit;
    }

    public Uni<IntakeResponse> submit(IntakeRequest raw, String actor) {
        IntakeRequest request = normalized(raw);
        validate(request);
        return Panache.withTransaction(() -> store(request, actor))
                .chain(call -> triage(call.encounter().id, Uni.createFrom().item(call)))
                .map(mapper::toResponse);
    }

    public Uni<IntakeResponse> find(UUID id) {
        return encounters.findById(id)
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("Intake " + id))
                .map(mapper::toResponse);
    }

    /** Retries triage of calls stored while triage was unreachable. */
    @Scheduled(every = "${safeline.intake.retriage-every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> retriagePending() {
        return encounters.claimUntriaged(20)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(this::triage)
                .collect().last().replaceWithVoid();
    }

    /** A stored call: the encounter and its patient as written. */
    private record Call(EncounterEntity encounter, PatientEntity patient) {
    }

    private Uni<Call> store(IntakeRequest request, String actor) {
        PatientInput in = request.patient();
        PatientEntity stated = new PatientEntity();
        stated.id = UUID.randomUUID();
        stated.identifier = in.identifier().strip();
        stated.name = in.name();
        stated.birthDate = in.birthDate();
        stated.sex = in.sex();
        stated.phone = in.phone();
        stated.updatedAt = Instant.now();
        return patients.findOrCreate(stated)
                .chain(p -> {
                    EncounterEntity e = new EncounterEntity();
                    e.id = UUID.randomUUID();
                    e.patientId = p.id;
                    e.reason = request.reason().strip();
                    e.narrative = request.narrative();
                    e.medications = IntakeMapper.medications(request.medications());
                    mapper.applyStated(e, in, p);
                    mapper.applyVitals(e, request.vitals());
                    e.status = EncounterEntity.IN_PROGRESS;
                    e.triageState = EncounterEntity.PENDING;
                    e.createdAt = Instant.now();
                    // The background job leaves it to this request first.
                    e.nextTriageAt = e.createdAt.plusSeconds(10);
                    e.createdBy = actor;
                    return encounters.persist(e).map(stored -> new Call(stored, p));
                })
                .call(c -> audit.record(actor, "intake.create", "Encounter", c.encounter().id, AuditLog.SUCCESS,
                        c.encounter().patientDiffers == null ? null : "patient-details-differ"));
    }

    /** One triage attempt for a call stored earlier (the retry job has its id only). */
    private Uni<EncounterEntity> triage(UUID encounterId) {
        return triage(encounterId, Panache.withSession(() -> encounters.findById(encounterId)
                .chain(e -> patients.findById(e.patientId).map(p -> new Call(e, p)))));
    }

    /**
     * One triage attempt; the decision and its audit record are written in one transaction. On failure the
     * encounter stays pending and is returned as stored.
     */
    private Uni<EncounterEntity> triage(UUID encounterId, Uni<Call> call) {
        return call.chain(c -> triage.triage(mapper.triageRequest(c.encounter(), c.patient()))
                        .chain(decision -> {
                            EncounterEntity e = c.encounter();
                            mapper.applyDecision(e, decision);
                            return Panache.withTransaction(() -> encounters.storeDecision(e)
                                    .call(() -> audit.record("triage-service", "intake.triaged", "Encounter", e.id,
                                            AuditLog.SUCCESS, decision.level().code())))
                                    .replaceWith(e);
                        }))
                .invoke(e -> LOG.infof("Encounter %s triaged: %s", e.id, e.level))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("Triage of encounter %s failed, call stays untriaged: %s", encounterId,
                            failure.getClass().getSimpleName());
                    return Panache.withSession(() -> encounters.findById(encounterId));
                });
    }

    /** The request with its free text in {@link CallText}'s normal form, so that what is checked is what is stored. */
    private static IntakeRequest normalized(IntakeRequest r) {
        if (r == null) {
            return null;
        }
        PatientInput p = r.patient() == null ? null : new PatientInput(r.patient().identifier(),
                CallText.normalize(r.patient().name()), r.patient().birthDate(), r.patient().sex(),
                CallText.normalize(r.patient().phone()));
        List<String> medications = r.medications() == null ? null
                : r.medications().stream().map(m -> m == null ? null : CallText.normalize(m)).toList();
        return new IntakeRequest(p, CallText.normalize(r.reason()), CallText.normalize(r.narrative()), r.vitals(),
                medications);
    }

    private static void validate(IntakeRequest r) {
        if (r == null) {
            throw ApiProblem.badRequest("missing-body", "A JSON body is required");
        }
        PatientInput p = r.patient();
        if (p == null) {
            throw ApiProblem.badRequest("missing-field", "patient is required");
        }
        String identifier = Params.requiredText(p.identifier(), "patient.identifier", Limits.IDENTIFIER);
        Params.identifier(identifier.strip(), "patient.identifier", Limits.IDENTIFIER);
        Params.text(p.name(), "patient.name", Limits.NAME);
        Params.text(p.phone(), "patient.phone", Limits.PHONE);
        if (p.sex() != null && !SEXES.contains(p.sex())) {
            throw ApiProblem.badRequest("invalid-value", "patient.sex must be one of " + SEXES);
        }
        if (p.birthDate() != null && !Limits.isPossibleBirthDate(p.birthDate())) {
            throw ApiProblem.badRequest("invalid-value", "patient.birthDate is not a possible birth date");
        }
        Params.requiredText(r.reason(), "reason", Limits.REASON);
        Params.text(r.narrative(), "narrative", Limits.NARRATIVE);
        if (r.medications() != null) {
            if (r.medications().size() > Limits.MEDICATIONS) {
                throw ApiProblem.badRequest("too-many", "medications: at most " + Limits.MEDICATIONS + " names");
            }
            for (String m : r.medications()) {
                Params.requiredText(m, "medications[]", Limits.MEDICATION);
            }
        }
        if (r.vitals() != null) {
            r.vitals().implausible().ifPresent(message -> {
                throw ApiProblem.badRequest("implausible-vitals", message);
            });
        }
    }
}
