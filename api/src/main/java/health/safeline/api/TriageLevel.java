package health.safeline.api;

import java.util.Arrays;
import java.util.Optional;

/** The four Safeline triage levels (DESIGN.md), ordered from most to least urgent. */
public enum TriageLevel {
    EMERGENCY("emergency", "EM", "stat"),
    URGENT("urgent", "UR", "asap"),
    SAME_DAY("same-day", "UR", null),
    ROUTINE("routine", "R", null);

    private final String code;
    private final String actPriority;
    private final String communicationPriority;

    TriageLevel(String code, String actPriority, String communicationPriority) {
        this.code = code;
        this.actPriority = actPriority;
        this.communicationPriority = communicationPriority;
    }

    /** Wire code, e.g. {@code same-day}. */
    public String code() {
        return code;
    }

    /** v3 ActPriority code for Encounter.priority. */
    public String actPriority() {
        return actPriority;
    }

    /** request-priority code for the escalation Communication, empty when the level is not escalated. */
    public Optional<String> communicationPriority() {
        return Optional.ofNullable(communicationPriority);
    }

    /** True when the level goes to a clinician instead of a booking. */
    public boolean escalates() {
        return communicationPriority != null;
    }

    /** True when this level is more urgent than {@code other}. */
    public boolean moreUrgentThan(TriageLevel other) {
        return ordinal() < other.ordinal();
    }

    public static TriageLevel max(TriageLevel a, TriageLevel b) {
        return a.moreUrgentThan(b) ? a : b;
    }

    public static Optional<TriageLevel> fromCode(String code) {
        return Arrays.stream(values()).filter(l -> l.code.equals(code)).findFirst();
    }
}
