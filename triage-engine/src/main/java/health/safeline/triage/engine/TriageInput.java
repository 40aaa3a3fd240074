package health.safeline.triage.engine;

import health.safeline.api.Vitals;
import java.util.List;

/** What the agent recorded about a call; any field may be null. */
public record TriageInput(String reason, String narrative, Integer ageYears, Vitals vitals, List<String> medications) {

    /** Convenience for a free-text-only call. */
    public static TriageInput of(String narrative) {
        return new TriageInput(null, narrative, null, null, null);
    }
}
