package health.safeline.shared.fhir;

import health.safeline.shared.audit.AuditEvent;
import java.util.Date;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Reference;

/** Safeline's audit records as FHIR R4 AuditEvents: who did what to which resource, when, with what outcome. */
public final class AuditEvents {

    public static final String CS_AUDIT_TYPE = Fhir.BASE + "/CodeSystem/audit-event-type";
    public static final String CS_AUDIT_ACTION = Fhir.BASE + "/CodeSystem/audit-action";
    public static final String ID_ACTOR = Fhir.BASE + "/NamingSystem/actor";
    public static final String SYSTEM_ACTOR = "system";
    private static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    /** Internal entity types that FHIR shows as another resource (an escalation is read as its Communication). */
    private static final Map<String, String> RESOURCE_TYPES = Map.of("Escalation", "Communication");

    private AuditEvents() {
    }

    /** The FHIR resource type under which an audited entity of {@code entityType} is read. */
    public static String resourceType(String entityType) {
        return entityType == null ? null : RESOURCE_TYPES.getOrDefault(entityType, entityType);
    }

    /** {@code event} with its {@code detail} (from and to states and the like) as entity details. */
    public static org.hl7.fhir.r4.model.AuditEvent toFhir(AuditEvent event, Map<String, String> detail) {
        org.hl7.fhir.r4.model.AuditEvent fhir = new org.hl7.fhir.r4.model.AuditEvent();
        fhir.setId(event.id.toString());
        fhir.setMeta(new Meta().setVersionId("1").setLastUpdated(Date.from(event.recordedAt)));
        fhir.setType(new Coding(CS_AUDIT_TYPE, "safety-decision", "Safeline safety decision or transition"));
        fhir.addSubtype(new Coding(CS_AUDIT_ACTION, event.action, null));
        fhir.setAction(action(event.action));
        fhir.setRecorded(Date.from(event.recordedAt));
        fhir.setOutcome(switch (event.outcome) {
            case "success" -> AuditEventOutcome._0;
            case "refused" -> AuditEventOutcome._4;
            default -> AuditEventOutcome._8;
        });
        if (event.code != null) {
            fhir.setOutcomeDesc(event.code);
        }
        fhir.addAgent().setRequestor(!SYSTEM_ACTOR.equals(event.actor))
                .setWho(new Reference().setIdentifier(new Identifier().setSystem(ID_ACTOR).setValue(event.actor)));
        fhir.getSource().setSite(event.source)
                .setObserver(new Reference().setDisplay(event.source))
                .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));
        if (event.entityId != null) {
            org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent entity = fhir.addEntity()
                    .setWhat(new Reference(resourceType(event.entityType) + "/" + event.entityId))
                    .setType(new Coding(ENTITY_TYPE, "2", "System Object"));
            if (event.code != null) {
                entity.addDetail().setType("code").setValue(new org.hl7.fhir.r4.model.StringType(event.code));
            }
            detail.forEach((key, value) -> entity.addDetail().setType(key)
                    .setValue(new org.hl7.fhir.r4.model.StringType(value)));
        }
        return fhir;
    }

    /** Create for receipts, creations and bookings; update for every other transition. */
    private static AuditEventAction action(String action) {
        return action.endsWith(".receive") || action.endsWith(".create") || action.endsWith(".book")
                || action.endsWith(".assess") ? AuditEventAction.C : AuditEventAction.U;
    }
}
