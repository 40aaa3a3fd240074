package health.safeline.shared.fhir;

import health.safeline.api.Clearance;
import health.safeline.api.RedFlag;
import health.safeline.api.TriageDecision;
import health.safeline.api.TriageExplanation;
import health.safeline.api.TriageLevel;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
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
    /** A medication the patient takes, by name as said (0..*; risk modifiers). */
    public static final String MEDICATION = "medication";

    private TriageOperation() {
    }

    /** The request: the call's Encounter, its Patient, vitals as Observations, the agent's words and the medications. */
    public record Request(Encounter encounter, Patient patient, List<Observation> observations, String narrative,
            List<String> medications) {
        public Request {
            medications = medications == null ? List.of() : List.copyOf(medications);
        }
    }

    public static Parameters toParameters(Request request) {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName(ENCOUNTER).setResource(request.encounter());
        parameters.addParameter().setName(PATIENT).setResource(request.patient());
        request.observations().forEach(o -> parameters.addParameter().setName(OBSERVATION).setResource(o));
        if (request.narrative() != null) {
            parameters.addParameter().setName(NARRATIVE).setValue(new StringType(request.narrative()));
        }
        request.medications().forEach(m -> parameters.addParameter().setName(MEDICATION).setValue(new StringType(m)));
        return parameters;
    }

    /** Reads a request; empty when the encounter or patient part is missing or of the wrong type. */
    public static Optional<Request> fromParameters(Parameters parameters) {
        Encounter encounter = null;
        Patient patient = null;
        List<Observation> observations = new java.util.ArrayList<>();
        String narrative = null;
        List<String> medications = new java.util.ArrayList<>();
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
                case MEDICATION -> {
                    if (part.hasValue() && part.getValue().primitiveValue() != null) {
                        medications.add(part.getValue().primitiveValue());
                    }
                }
                default -> { }
            }
        }
        if (encounter == null || patient == null) {
            return Optional.empty();
        }
        return Optional.of(new Request(encounter, patient, observations, narrative, medications));
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
        explanation(parameters, decision.explanation());
        return parameters;
    }

    /** The explanation as parts: disposition, protocol (each with the deciding question), dismissed and open findings. */
    private static void explanation(Parameters parameters, TriageExplanation x) {
        if (x.disposition() != null) {
            ParametersParameterComponent d = parameters.addParameter().setName("disposition");
            d.addPart().setName("code").setValue(new CodeType(x.disposition()));
            d.addPart().setName("bookingWindowHours").setValue(new IntegerType(x.bookingWindowHours()));
        }
        for (TriageExplanation.ProtocolDecision p : x.protocols()) {
            ParametersParameterComponent part = parameters.addParameter().setName("protocol");
            part.addPart().setName("id").setValue(new CodeType(p.id()));
            part.addPart().setName("title").setValue(new StringType(p.title()));
            part.addPart().setName("disposition").setValue(new CodeType(p.disposition()));
            if (p.decidedBy() != null) {
                part.addPart().setName("decidedBy").setValue(new CodeType(p.decidedBy()));
            }
            if (p.question() != null) {
                part.addPart().setName("question").setValue(new StringType(p.question()));
            }
            p.evidence().forEach(e -> part.addPart().setName("evidence").setValue(new StringType(e)));
        }
        findings(parameters, "dismissed", x.dismissed());
        findings(parameters, "open", x.open());
    }

    private static void findings(Parameters parameters, String name, List<TriageExplanation.Finding> findings) {
        for (TriageExplanation.Finding f : findings) {
            ParametersParameterComponent part = parameters.addParameter().setName(name);
            part.addPart().setName("concept").setValue(new CodeType(f.concept()));
            part.addPart().setName("text").setValue(new StringType(f.text()));
            part.addPart().setName("context").setValue(new CodeType(f.context()));
        }
    }

    private static TriageExplanation explanationFrom(Parameters parameters) {
        ParametersParameterComponent d = parameters.getParameter("disposition");
        List<TriageExplanation.ProtocolDecision> protocols = new java.util.ArrayList<>();
        List<TriageExplanation.Finding> dismissed = new java.util.ArrayList<>();
        List<TriageExplanation.Finding> open = new java.util.ArrayList<>();
        for (ParametersParameterComponent p : parameters.getParameter()) {
            switch (String.valueOf(p.getName())) {
                case "protocol" -> protocols.add(new TriageExplanation.ProtocolDecision(part(p, "id"), part(p, "title"),
                        part(p, "disposition"), part(p, "decidedBy"), part(p, "question"), parts(p, "evidence")));
                case "dismissed" -> dismissed.add(finding(p));
                case "open" -> open.add(finding(p));
                default -> { }
            }
        }
        String hours = d == null ? null : part(d, "bookingWindowHours");
        return new TriageExplanation(d == null ? null : part(d, "code"), hours == null ? 0 : Integer.parseInt(hours),
                protocols, dismissed, open);
    }

    private static TriageExplanation.Finding finding(ParametersParameterComponent p) {
        return new TriageExplanation.Finding(part(p, "concept"), part(p, "text"), part(p, "context"));
    }

    private static List<String> parts(ParametersParameterComponent p, String name) {
        return p.getPart().stream().filter(x -> name.equals(x.getName()) && x.hasValue())
                .map(x -> x.getValue().primitiveValue()).toList();
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
                escalation, clearance, explanationFrom(parameters));
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
        param(od, MEDICATION, "in", 0, "*", "string", "A medication the patient takes, by name as said (a risk modifier)");
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
        var disposition = param(od, "disposition", "out", 0, "1", null, "What to do and within what time");
        parts(disposition, "code", "code", 1, "1");
        parts(disposition, "bookingWindowHours", "integer", 1, "1");
        var protocol = param(od, "protocol", "out", 0, "*", null,
                "A complaint protocol that applied, with the question that decided it (none: its default)");
        parts(protocol, "id", "code", 1, "1");
        parts(protocol, "title", "string", 1, "1");
        parts(protocol, "disposition", "code", 1, "1");
        parts(protocol, "decidedBy", "code", 0, "1");
        parts(protocol, "question", "string", 0, "1");
        parts(protocol, "evidence", "string", 0, "*");
        for (String name : List.of("dismissed", "open")) {
            var finding = param(od, name, "out", 0, "*", null, name.equals("open")
                    ? "A red-flag finding spoken of as a possibility (hypothetical): not fired, to be asked"
                    : "A red-flag finding the text mentions but dismisses: negated, historical or other-person");
            parts(finding, "concept", "code", 1, "1");
            parts(finding, "text", "string", 1, "1");
            parts(finding, "context", "code", 1, "1");
        }
        return od;
    }

    private static void parts(org.hl7.fhir.r4.model.OperationDefinition.OperationDefinitionParameterComponent parent,
            String name, String type, int min, String max) {
        parent.addPart().setName(name).setUse(org.hl7.fhir.r4.model.OperationDefinition.OperationParameterUse.OUT)
                .setMin(min).setMax(max).setType(type);
    }

    private static org.hl7.fhir.r4.model.OperationDefinition.OperationDefinitionParameterComponent param(
            org.hl7.fhir.r4.model.OperationDefinition od, String name, String use, int min, String max, String type,
            String documentation) {
        return od.addParameter().setName(name)
                .setUse(org.hl7.fhir.r4.model.OperationDefinition.OperationParameterUse.fromCode(use))
                .setMin(min).setMax(max).setType(type).setDocumentation(documentation);
    }
}
