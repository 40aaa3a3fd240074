package health.safeline.triage.mapping;

import com.fasterxml.jackson.core.type.TypeReference;
import health.safeline.api.Clearance;
import health.safeline.api.RedFlag;
import health.safeline.api.TriageDecision;
import health.safeline.api.TriageExplanation;
import health.safeline.api.TriageLevel;
import health.safeline.shared.fhir.Fhir;
import health.safeline.shared.fhir.RedFlagConcepts;
import health.safeline.shared.persistence.JsonColumns;
import health.safeline.triage.engine.MatchedRule;
import health.safeline.triage.entity.AssessmentEntity;
import health.safeline.triage.entity.ClearanceEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;

/** Assessments and clearances to the FHIR and JSON wire models. */
@ApplicationScoped
public class TriageMapper {

    /** A matched rule as stored with the assessment. */
    public record StoredRule(String id, String title, String level, List<String> evidence, String rationale,
            String source) {
    }

    private final JsonColumns json;

    TriageMapper(JsonColumns json) {
        this.json = json;
    }

    public String rulesJson(List<MatchedRule> rules) {
        return json.write(rules.stream().map(r -> new StoredRule(r.id(), r.title(), r.level().code(), r.evidence(),
                r.rationale(), r.source())).toList());
    }

    public String explanationJson(TriageExplanation explanation) {
        return json.write(explanation);
    }

    /** The stored explanation; none for assessments stored before protocol 2026.12.2. */
    public TriageExplanation explanation(AssessmentEntity a) {
        return a.explanation == null ? TriageExplanation.NONE : json.read(a.explanation, new TypeReference<>() { });
    }

    public List<StoredRule> rules(AssessmentEntity a) {
        return json.read(a.matchedRules, new TypeReference<>() { });
    }

    public RiskAssessment toFhir(AssessmentEntity a) {
        RiskAssessment ra = new RiskAssessment();
        ra.setId(a.id.toString());
        ra.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
        ra.setSubject(new Reference("Patient/" + a.patientId));
        ra.setEncounter(new Reference("Encounter/" + a.encounterId));
        ra.setOccurrence(new DateTimeType(Date.from(a.createdAt)));
        ra.setMethod(new CodeableConcept(new Coding(Fhir.CS_PROTOCOL, "safeline-adult-telephone-triage",
                "Safeline adult telephone triage protocol").setVersion(a.protocolVersion)));
        ra.addExtension(Fhir.EXT_TRIAGE_LEVEL, new CodeType(a.level));
        for (StoredRule rule : rules(a)) {
            ra.addPrediction()
                    .setOutcome(RedFlagConcepts.toConcept(new RedFlag(rule.id(), rule.title(), rule.evidence())))
                    .setQualitativeRisk(new CodeableConcept(new Coding(Fhir.CS_TRIAGE_LEVEL, rule.level(), null)))
                    .setRationale(rule.rationale());
        }
        return ra;
    }

    public TriageDecision toDecision(AssessmentEntity a, ClearanceEntity clearance) {
        List<RedFlag> flags = rules(a).stream()
                .filter(r -> RedFlag.UNRECOGNISED.equals(r.id())
                        || TriageLevel.fromCode(r.level()).map(TriageLevel::escalates).orElse(false))
                .map(r -> new RedFlag(r.id(), r.title(), r.evidence())).toList();
        return new TriageDecision(a.id.toString(), TriageLevel.fromCode(a.level).orElseThrow(), flags,
                a.agentInstructions, a.protocolVersion, a.escalationId == null ? null : a.escalationId.toString(),
                clearance == null ? null : toApi(clearance, a.patientId), explanation(a));
    }

    public Clearance toApi(ClearanceEntity c, String patientId) {
        return new Clearance(c.id.toString(), c.encounterId.toString(), c.source, c.status, c.windowStart,
                c.windowEnd, patientId);
    }
}
