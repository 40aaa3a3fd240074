package health.safeline.intake.rest;

import health.safeline.api.Clearance;
import health.safeline.api.RedFlag;
import health.safeline.api.TriageExplanation;
import health.safeline.api.Vitals;
import java.time.LocalDate;
import java.util.List;

/** Wire records of {@code /api/v1/intakes} (DESIGN.md contract). */
public final class IntakeApi {

    private IntakeApi() {
    }

    public record PatientInput(String identifier, String name, LocalDate birthDate, String sex, String phone) {
    }

    /** {@code medications}: optional names as said ("apixaban 5 mg"), risk modifiers for triage. */
    public record IntakeRequest(PatientInput patient, String reason, String narrative, Vitals vitals,
            List<String> medications) {
    }

    /** {@code protocols}: the complaint protocols that applied; {@code explanation}: why (TriageExplanation). */
    public record TriageView(String level, List<RedFlag> redFlags, String agentInstructions, String protocolVersion,
            String escalationId, Clearance clearance, List<String> protocols, TriageExplanation explanation) {
    }

    /**
     * {@code patientDetailsDiffer}: the patient details the caller gave that differ from the Patient record
     * ({@code name}, {@code birthDate}, {@code sex}, {@code phone}); the record is left as it is.
     */
    public record IntakeResponse(String encounterId, String status, TriageView triage,
            List<String> patientDetailsDiffer) {
    }
}
