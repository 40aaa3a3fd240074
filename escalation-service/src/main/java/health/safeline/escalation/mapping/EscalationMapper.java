package health.safeline.escalation.mapping;

import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.core.type.TypeReference;
import health.safeline.escalation.entity.EscalationEntity;
import health.safeline.escalation.rest.EscalationApi.EscalationView;
import health.safeline.shared.api.RedFlag;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.fhir.EscalationMessages.Alert;
import health.safeline.shared.fhir.FhirContextProducer;
import health.safeline.shared.persistence.JsonColumns;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.hl7.fhir.r4.model.Communication;

/** Alerts to entities, entities to the worklist record and back to FHIR. */
@ApplicationScoped
public class EscalationMapper {

    private final JsonColumns json;

    EscalationMapper(JsonColumns json) {
        this.json = json;
    }

    public static String encode(Communication communication) {
        return newParser().encodeResourceToString(communication);
    }

    /** The stored Communication as it was received. */
    public Communication toFhir(EscalationEntity e) {
        Communication c = newParser().parseResource(Communication.class, e.communication);
        c.setId(e.id.toString());
        return c;
    }

    /** A new escalation entity for {@code alert}; deadline and tier are set by the caller. */
    public EscalationEntity toEntity(Alert alert, Communication received) {
        EscalationEntity e = new EscalationEntity();
        e.id = java.util.UUID.fromString(alert.id());
        e.encounterId = alert.encounterId();
        e.patientId = alert.patientId();
        e.assessmentId = alert.assessmentId();
        e.level = alert.level().code();
        e.priority = alert.level().communicationPriority().orElseThrow();
        e.status = EscalationEntity.TRIGGERED;
        e.redFlags = json.write(alert.redFlags());
        e.reason = alert.reason();
        e.narrative = alert.narrative();
        received.setId(alert.id());
        e.communication = encode(received);
        return e;
    }

    public EscalationView toView(EscalationEntity e) {
        List<RedFlag> flags = json.read(e.redFlags, new TypeReference<>() { });
        return new EscalationView(e.id.toString(), e.encounterId, e.level, e.priority, e.status, e.ackDeadline,
                e.tier, e.tierName, flags, e.reason, e.narrative, e.createdAt, e.outcome,
                e.fallbackDue ? e.fallback : null);
    }

    private static IParser newParser() {
        return FhirContextProducer.context().newJsonParser();
    }


}
