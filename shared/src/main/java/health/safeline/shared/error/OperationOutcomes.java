package health.safeline.shared.error;

import health.safeline.shared.fhir.Fhir;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** Builds the OperationOutcome that every error answer carries. */
public final class OperationOutcomes {

    private OperationOutcomes() {
    }

    public static OperationOutcome of(IssueType type, String code, String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(IssueSeverity.ERROR)
                .setCode(type)
                .setDiagnostics(message)
                .setDetails(new CodeableConcept(
                        new org.hl7.fhir.r4.model.Coding(Fhir.CS_ERROR, code, null)).setText(message));
        return outcome;
    }

    public static OperationOutcome of(ApiProblem problem) {
        return problem.outcome().orElseGet(() -> of(problem.issueType(), problem.code(), problem.getMessage()));
    }
}
