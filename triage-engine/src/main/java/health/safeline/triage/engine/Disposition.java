package health.safeline.triage.engine;

import health.safeline.api.TriageLevel;

/**
 * What to do and within what time: a level of DESIGN.md with its booking window ({@code windowHours}, 0 for the
 * escalating levels, which a clinician books). A clearance's window is its disposition's.
 */
public record Disposition(String id, TriageLevel level, int windowHours, String title) {

    /** More urgent: a higher level, or at the same level a shorter window. */
    public boolean moreUrgentThan(Disposition other) {
        if (level != other.level) return level.moreUrgentThan(other.level);
        return windowHours < other.windowHours;
    }
}
