package health.safeline.escalation.mapping;

import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.core.type.TypeReference;
import health.safeline.escalation.entity.EscalationCall;
import health.safeline.escalation.entity.EscalationEntity;
import health.safeline.escalation.rest.EscalationApi.CallView;
import health.safeline.escalation.rest.EscalationApi.EscalationView;
import health.safeline.api.RedFlag;
import health.safeline.shared.fhir.EscalationMessages.Alert;
import health.safeline.shared.fhir.AuditEvents;
import health.safeline.shared.fhir.Fhir;
import health.safeline.shared.fhir.FhirContextProducer;
import health.safeline.shared.persistence.JsonColumns;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/** Alerts to entities, entities to the worklist record and back to FHIR. */
@ApplicationScoped
public class EscalationMapper {

    static final String CS_TASK = Fhir.BASE + "/CodeSystem/escalation-task";
    /** The only version of a received Communication. */
    public static final long VERSION = 1;
    private static final TypeReference<List<RedFlag>> FLAGS = new TypeReference<>() { };
    private static final TypeReference<List<CallView>> CALLS = new TypeReference<>() { };

    private final JsonColumns json;

    EscalationMapper(JsonColumns json) {
        this.json = json;
    }

    public static String encode(Communication communication) {
        return newParser().encodeResourceToString(communication);
    }

    /**
     * The stored Communication of a call as it was received. A received call never changes, so it is always
     * {@code meta.versionId} 1, last updated when it was received.
     */
    public Communication toFhir(EscalationCall call) {
        Communication c = newParser().parseResource(Communication.class, call.communication);
        c.setId(call.id.toString());
        c.getMeta().setVersionId(Long.toString(VERSION));
        if (call.receivedAt != null) {
            c.getMeta().setLastUpdated(Date.from(call.receivedAt));
        }
        return c;
    }

    /** The call record of {@code alert}, on escalation {@code escalationId}. */
    public EscalationCall toCall(Alert alert, Communication received, UUID escalationId, Instant at) {
        EscalationCall call = new EscalationCall();
        call.id = UUID.fromString(alert.id());
        call.escalationId = escalationId;
        call.encounterId = alert.encounterId();
        call.priority = alert.level().communicationPriority().orElseThrow();
        received.setId(alert.id());
        call.communication = encode(received);
        call.receivedAt = at;
        return call;
    }

    public List<CallView> calls(EscalationEntity e) {
        return e.calls == null ? new ArrayList<>() : new ArrayList<>(json.read(e.calls, CALLS));
    }

    public List<RedFlag> redFlags(EscalationEntity e) {
        return json.read(e.redFlags, FLAGS);
    }

    /** A new escalation entity for {@code alert}; deadline, tier and calls are set by the caller. */
    public EscalationEntity toEntity(Alert alert) {
        EscalationEntity e = new EscalationEntity();
        e.id = UUID.fromString(alert.id());
        e.encounterId = alert.encounterId();
        e.patientId = alert.patientId();
        e.assessmentId = alert.assessmentId();
        e.level = alert.level().code();
        e.priority = alert.level().communicationPriority().orElseThrow();
        e.status = EscalationEntity.TRIGGERED;
        e.redFlags = json.write(alert.redFlags());
        e.reason = alert.reason();
        e.narrative = alert.narrative();
        return e;
    }

    /**
     * The escalation as a FHIR Task: status (requested, accepted, completed), priority, owner (the resolving, else
     * the acknowledging clinician, else the current tier), the acknowledgement deadline, focus on the first call's Communication,
     * and the clinical outcome once resolved.
     */
    public Task toTask(EscalationEntity e) {
        Task t = new Task();
        t.setId(e.id.toString());
        t.setStatus(switch (e.status) {
            case EscalationEntity.ACKNOWLEDGED -> Task.TaskStatus.ACCEPTED;
            case EscalationEntity.RESOLVED -> Task.TaskStatus.COMPLETED;
            default -> Task.TaskStatus.REQUESTED;
        });
        t.setIntent(Task.TaskIntent.ORDER);
        t.setPriority(Task.TaskPriority.fromCode(e.priority));
        t.setCode(new CodeableConcept(new Coding(CS_TASK, "clinician-review", "Clinician review of a red-flag call")));
        t.setBusinessStatus(new CodeableConcept().setText(e.fallbackDue ? "fallback due: " + e.fallback
                : "tier " + e.tier + ": " + e.tierName));
        t.setFocus(new Reference("Communication/" + e.id));
        t.setFor(new Reference("Patient/" + e.patientId));
        t.setEncounter(new Reference("Encounter/" + e.encounterId));
        t.setAuthoredOn(Date.from(e.createdAt));
        Instant modified = e.resolvedAt != null ? e.resolvedAt : e.acknowledgedAt != null ? e.acknowledgedAt : e.createdAt;
        t.setLastModified(Date.from(modified));
        String owner = e.resolvedBy != null ? e.resolvedBy : e.acknowledgedBy;
        t.setOwner(owner != null ? new Reference().setIdentifier(new Identifier()
                .setSystem(AuditEvents.ID_ACTOR).setValue(owner)) : new Reference().setDisplay(e.tierName));
        if (!EscalationEntity.RESOLVED.equals(e.status)) {
            t.getRestriction().setPeriod(new Period().setEnd(Date.from(e.ackDeadline)));
        } else if (e.outcome != null) {
            t.addOutput().setType(new CodeableConcept().setText("outcome"))
                    .setValue(new CodeableConcept(new Coding(Fhir.CS_ESCALATION_OUTCOME, e.outcome, null)));
            if (e.bookingWindowHours != null) {
                t.addOutput().setType(new CodeableConcept().setText(Fhir.TASK_OUTPUT_BOOKING_WINDOW))
                        .setValue(new org.hl7.fhir.r4.model.IntegerType(e.bookingWindowHours));
            }
            if (e.note != null && !e.note.isBlank()) {
                t.addNote().setText(e.note);
            }
        }
        return t;
    }

    public EscalationView toView(EscalationEntity e) {
        return new EscalationView(e.id.toString(), e.encounterId, e.level, e.priority, e.status, e.ackDeadline,
                e.tier, e.tierName, redFlags(e), e.reason, e.narrative, e.createdAt, e.outcome,
                e.fallbackDue ? e.fallback : null, calls(e));
    }

    private static IParser newParser() {
        return FhirContextProducer.context().newJsonParser();
    }
}
