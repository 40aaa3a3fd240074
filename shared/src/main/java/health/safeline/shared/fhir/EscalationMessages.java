package health.safeline.shared.fhir;

import health.safeline.api.RedFlag;
import health.safeline.api.TriageLevel;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Communication.CommunicationPriority;
import org.hl7.fhir.r4.model.Communication.CommunicationStatus;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * The two Communications of the escalation path, written and read in one place:
 * an <em>alert</em> (triage → escalation: a red-flag call for a clinician) and a
 * <em>clearance</em> (escalation → triage: a clinician cleared the call for booking).
 */
public final class EscalationMessages {

    public static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/communication-category";
    public static final String CLEAR_FOR_BOOKING = "clear-for-booking";
    /** An alert's two payloads: the reason for the call and the caller's words. */
    public static final String REASON_PAYLOAD = "Reason for call: ";
    public static final String NARRATIVE_PAYLOAD = "Caller's words: ";

    private EscalationMessages() {
    }

    /** A red-flag call for the clinicians' worklist; its id is the escalation id. */
    public record Alert(String id, String encounterId, String patientId, String assessmentId, TriageLevel level,
            List<RedFlag> redFlags, String reason, String narrative) {
    }

    /** A clinician's clearance of an escalated call, with the booking window in hours from now. */
    public record ClinicianClearance(String id, String escalationId, String encounterId, String patientId,
            String clinician, int bookingWindowHours) {
    }

    public static Communication toCommunication(Alert alert) {
        Communication c = base(alert.id(), alert.encounterId(), alert.patientId());
        c.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "alert", "Alert")));
        c.setPriority(CommunicationPriority.fromCode(alert.level().communicationPriority().orElseThrow()));
        c.addExtension(Fhir.EXT_TRIAGE_LEVEL, new CodeType(alert.level().code()));
        if (alert.assessmentId() != null) {
            c.addAbout(new Reference("RiskAssessment/" + alert.assessmentId()));
        }
        alert.redFlags().forEach(f -> c.addReasonCode(RedFlagConcepts.toConcept(f)));
        c.addPayload().setContent(new StringType(REASON_PAYLOAD + alert.reason()));
        if (alert.narrative() != null && !alert.narrative().isBlank()) {
            c.addPayload().setContent(new StringType(NARRATIVE_PAYLOAD + alert.narrative()));
        }
        return c;
    }

    /** Reads an alert; empty when the Communication is not a well-formed Safeline alert. */
    public static Optional<Alert> alertFrom(Communication c) {
        String id = identifier(c);
        Optional<TriageLevel> level = Optional.ofNullable(c.getExtensionByUrl(Fhir.EXT_TRIAGE_LEVEL))
                .map(e -> e.getValue().primitiveValue()).flatMap(TriageLevel::fromCode);
        if (id == null || level.isEmpty() || !level.get().escalates() || !c.hasEncounter() || !c.hasSubject()
                || !"Encounter".equals(c.getEncounter().getReferenceElement().getResourceType())) {
            return Optional.empty();
        }
        String reason = null;
        String narrative = null;
        for (Communication.CommunicationPayloadComponent p : c.getPayload()) {
            String text = p.hasContentStringType() ? p.getContentStringType().getValue() : null;
            if (text != null && text.startsWith(REASON_PAYLOAD)) {
                reason = text.substring(REASON_PAYLOAD.length());
            } else if (text != null && text.startsWith(NARRATIVE_PAYLOAD)) {
                narrative = text.substring(NARRATIVE_PAYLOAD.length());
            }
        }
        String assessment = c.getAbout().stream().map(r -> r.getReferenceElement())
                .filter(r -> "RiskAssessment".equals(r.getResourceType())).map(r -> r.getIdPart())
                .findFirst().orElse(null);
        return Optional.of(new Alert(id, c.getEncounter().getReferenceElement().getIdPart(),
                c.getSubject().getReferenceElement().getIdPart(), assessment, level.get(),
                c.getReasonCode().stream().map(RedFlagConcepts::fromConcept).toList(), reason, narrative));
    }

    public static Communication toCommunication(ClinicianClearance clearance) {
        Communication c = base(clearance.id(), clearance.encounterId(), clearance.patientId());
        c.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "instruction", "Instruction")));
        c.addInResponseTo(new Reference("Communication/" + clearance.escalationId()));
        c.addReasonCode(new CodeableConcept(new Coding(Fhir.CS_ESCALATION_OUTCOME, CLEAR_FOR_BOOKING,
                "Clinician cleared the call for booking")));
        c.addExtension(Fhir.EXT_BOOKING_WINDOW_HOURS, new IntegerType(clearance.bookingWindowHours()));
        c.getSender().getIdentifier().setValue(clearance.clinician());
        c.addPayload().setContent(new StringType("Cleared for booking within "
                + clearance.bookingWindowHours() + " hours"));
        return c;
    }

    /** Reads a clinician clearance; empty when the Communication is not one. */
    public static Optional<ClinicianClearance> clearanceFrom(Communication c) {
        String id = identifier(c);
        boolean isClearance = c.getReasonCode().stream().flatMap(r -> r.getCoding().stream())
                .anyMatch(x -> Fhir.CS_ESCALATION_OUTCOME.equals(x.getSystem()) && CLEAR_FOR_BOOKING.equals(x.getCode()));
        var hours = c.getExtensionByUrl(Fhir.EXT_BOOKING_WINDOW_HOURS);
        if (id == null || !isClearance || hours == null || !(hours.getValue() instanceof IntegerType h)
                || c.getInResponseTo().isEmpty() || !c.hasEncounter()) {
            return Optional.empty();
        }
        return Optional.of(new ClinicianClearance(id, c.getInResponseToFirstRep().getReferenceElement().getIdPart(),
                c.getEncounter().getReferenceElement().getIdPart(),
                c.getSubject().getReferenceElement().getIdPart(),
                c.getSender().getIdentifier().getValue(), h.getValue()));
    }

    private static Communication base(String id, String encounterId, String patientId) {
        Communication c = new Communication();
        c.setId(id);
        c.addIdentifier().setSystem(Fhir.ID_COMMUNICATION).setValue(id);
        c.setStatus(CommunicationStatus.COMPLETED);
        c.setSubject(new Reference("Patient/" + patientId));
        c.setEncounter(new Reference("Encounter/" + encounterId));
        c.setSent(new Date());
        return c;
    }

    private static String identifier(Communication c) {
        return c.getIdentifier().stream().filter(i -> Fhir.ID_COMMUNICATION.equals(i.getSystem()))
                .map(i -> i.getValue()).filter(v -> v != null && isUuid(v)).findFirst().orElse(null);
    }

    private static boolean isUuid(String value) {
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
