package health.safeline.shared.fhir;

import health.safeline.api.Clearance;
import health.safeline.api.RedFlag;
import health.safeline.api.TriageDecision;
import health.safeline.api.TriageLevel;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.StringType;

/**
 * The {@code Encounter/$triage} operation's Parameters, both ways: intake writes the request and
 * reads the answer, triage reads the request and writes the answer.
 */
public final class TriageOperation {

    public static final String ENCOUNTER = "encounter";
    public static final String PATIENT = "patient";
    public static final String OBSERVATION = "observation";
    public static final String NARRATIVE = "narrative";

    private TriageOperation() {
    }

    /** The request: the call's Encounter, its Patient, vitals as Observations and the agent's words. */
    public record Request(Encounter encounter, Patient patient, List<Observation> observations, String narrative) {
    }

    public static Parameters toParameters(Request request) {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName(ENCOUNTER).setResource(request.encounter());
        parameters.addParameter().setName(PATIENT).setResource(request.patient());
        request.observations().forEach(o -> parameters.addParameter().setName(OBSERVATION).setResource(o));
        if (request.narrative() != null) {
            parameters.addParameter().setName(NARRATIVE).setValue(new StringType(request.narrative()));
        }
        return parameters;
    }

    /** Reads a request; empty when the encounter or patient part is missing or of the wrong type. */
    public static Optional<Request> fromParameters(Parameters parameters) {
        Encounter encounter = null;
        Patient patient = null;
        List<Observation> observations = new java.util.ArrayList<>();
        String narrative = null;
        for (ParametersParameterComponent part : parameters.getParameter()) {
            switch (String.valueOf(part.getName())) {
                case ENCOUNTER -> encounter = part.getResource() instanceof Encounter e ? e : null;
                case PATIENT -> patient = part.getResource() instanceof Patient p ? p : null;
                case OBSERVATION -> {
                    if (part.getResource() instanceof Observation o) {
                        observations.add(o);
                    }
                }
                case NARRATIVE -> narrative = part.hasValue() ? part.getValue().primitiveValue() : null;
                default -> { }
            }
        }
        if (encounter == null || patient == null) {
            return Optional.empty();
        }
        return Optional.of(new Request(encounter, patient, observations, narrative));
    }

    public static Parameters toParameters(TriageDecision decision, RiskAssessment assessment) {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName("assessment").setResource(assessment);
        parameters.addParameter("level", new org.hl7.fhir.r4.model.CodeType(decision.level().code()));
        parameters.addParameter("agentInstructions", decision.agentInstructions());
        parameters.addParameter("protocolVersion", decision.protocolVersion());
        if (decision.escalationId() != null) {
            parameters.addParameter().setName("escalation").setValue(new IdType(decision.escalationId()));
        }
        Clearance c = decision.clearance();
        if (c != null) {
            ParametersParameterComponent part = parameters.addParameter().setName("clearance");
            part.addPart().setName("id").setValue(new StringType(c.id()));
            part.addPart().setName("source").setValue(new StringType(c.source()));
            part.addPart().setName("status").setValue(new StringType(c.status()));
            part.addPart().setName("windowStart").setValue(new InstantType(Date.from(c.windowStart())));
            part.addPart().setName("windowEnd").setValue(new InstantType(Date.from(c.windowEnd())));
        }
        return parameters;
    }

    public static TriageDecision decisionFrom(Parameters parameters) {
        RiskAssessment assessment = (RiskAssessment) parameters.getParameter("assessment").getResource();
        List<RedFlag> flags = assessment.getPrediction().stream()
                .filter(p -> p.hasOutcome() && isRedFlag(p))
                .map(p -> RedFlagConcepts.fromConcept(p.getOutcome()))
                .toList();
        String escalation = value(parameters, "escalation");
        Clearance clearance = null;
        ParametersParameterComponent c = parameters.getParameter("clearance");
        if (c != null) {
            clearance = new Clearance(part(c, "id"), assessment.getEncounter().getReferenceElement().getIdPart(),
                    part(c, "source"), part(c, "status"), Instant.parse(part(c, "windowStart")),
                    Instant.parse(part(c, "windowEnd")), assessment.getSubject().getReferenceElement().getIdPart());
        }
        return new TriageDecision(assessment.getIdElement().getIdPart(),
                TriageLevel.fromCode(value(parameters, "level")).orElseThrow(),
                flags, value(parameters, "agentInstructions"), value(parameters, "protocolVersion"),
                escalation, clearance);
    }

    /** Predictions explain every matched rule; red flags are those at urgent or above, or unrecognised. */
    private static boolean isRedFlag(RiskAssessment.RiskAssessmentPredictionComponent p) {
        boolean unrecognised = p.getOutcome().getCoding().stream()
                .anyMatch(c -> RedFlag.UNRECOGNISED.equals(c.getCode()));
        boolean escalates = p.getQualitativeRisk().getCoding().stream()
                .map(c -> TriageLevel.fromCode(c.getCode())).flatMap(Optional::stream)
                .anyMatch(TriageLevel::escalates);
        return unrecognised || escalates;
    }

    private static String value(Parameters parameters, String name) {
        ParametersParameterComponent p = parameters.getParameter(name);
        return p == null || !p.hasValue() ? null : p.getValue().primitiveValue();
    }

    private static String part(ParametersParameterComponent parent, String name) {
        return parent.getPart().stream().filter(p -> name.equals(p.getName())).findFirst()
                .map(p -> p.getValue().primitiveValue()).orElse(null);
    }

    /** The canonical URL of {@code $triage}'s definition. */
    public static final String DEFINITION = Fhir.BASE + "/OperationDefinition/Encounter-triage";

    /** {@code Encounter/$triage} as an OperationDefinition, its parameters as sent and answered above. */
    public static org.hl7.fhir.r4.model.OperationDefinition definition() {
        var od = new org.hl7.fhir.r4.model.OperationDefinition();
        od.setId("Encounter-triage");
        od.setUrl(DEFINITION).setName("SafelineTriage").setTitle("Triage a call")
                .setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE)
                .setKind(org.hl7.fhir.r4.model.OperationDefinition.OperationKind.OPERATION)
                .setCode("triage").setSystem(false).setType(true).setInstance(false).addResource("Encounter")
                .setAffectsState(true)
                .setDescription("Runs the versioned triage protocol on a call: stores a RiskAssessment, then either "
                        + "alerts a clinician (emergency, urgent) or issues a booking clearance (same-day, routine).");
        param(od, ENCOUNTER, "in", 1, "1", "Encounter", "The call's Encounter (class VR)");
        param(od, PATIENT, "in", 1, "1", "Patient", "The caller");
        param(od, OBSERVATION, "in", 0, "*", "Observation", "Vital signs (LOINC)");
        param(od, NARRATIVE, "in", 0, "1", "string", "The agent's free text: the caller's words");
        param(od, "assessment", "out", 1, "1", "RiskAssessment", "The stored assessment");
        param(od, "level", "out", 1, "1", "code", "emergency | urgent | same-day | routine");
        param(od, "agentInstructions", "out", 1, "1", "string", "What the agent tells the caller");
        param(od, "protocolVersion", "out", 1, "1", "string", "The protocol version that decided");
        param(od, "escalation", "out", 0, "1", "id", "The escalation id, for emergency and urgent calls");
        var clearance = param(od, "clearance", "out", 0, "1", null, "The booking clearance, for same-day and routine");
        for (String part : List.of("id", "source", "status")) {
            clearance.addPart().setName(part).setUse(org.hl7.fhir.r4.model.OperationDefinition.OperationParameterUse.OUT)
                    .setMin(1).setMax("1").setType("string");
        }
        for (String part : List.of("windowStart", "windowEnd")) {
            clearance.addPart().setName(part).setUse(org.hl7.fhir.r4.model.OperationDefinition.OperationParameterUse.OUT)
                    .setMin(1).setMax("1").setType("instant");
        }
        return od;
    }

    private static org.hl7.fhir.r4.model.OperationDefinition.OperationDefinitionParameterComponent param(
            org.hl7.fhir.r4.model.OperationDefinition od, String name, String use, int min, String max, String type,
            String documentation) {
        return od.addParameter().setName(name)
                .setUse(org.hl7.fhir.r4.model.OperationDefinition.OperationParameterUse.fromCode(use))
                .setMin(min).setMax(max).setType(type).setDocumentation(documentation);
    }
}
