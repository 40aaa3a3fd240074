package health.safeline.api;

import java.time.LocalDate;

/**
 * Limits of a call's data, the same wherever it arrives: from the agent (intake), in {@code $triage} (triage) and in
 * the alert (escalation); an EHR's Patient update keeps to the same.
 */
public final class Limits {

    /** A patient's identifier (MRN). */
    public static final int IDENTIFIER = 64;
    public static final int NAME = 200;
    public static final int PHONE = 40;
    /** The reason for the call. */
    public static final int REASON = 500;
    /** The caller's words as the agent typed them. */
    public static final int NARRATIVE = 4000;
    /** A user or client name, e.g. the clinician who cleared a call. */
    public static final int USER = 128;
    /** Medications named on one call, and the length of one name as said ("apixaban 5 mg twice a day"). */
    public static final int MEDICATIONS = 30;
    public static final int MEDICATION = 200;
    /** A red flag's title, as the protocol words it. */
    public static final int RED_FLAG_TITLE = 200;
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1880, 1, 1);

    private Limits() {
    }

    /** Not in the future and not before 1880. */
    public static boolean isPossibleBirthDate(LocalDate birthDate) {
        return !birthDate.isAfter(LocalDate.now()) && !birthDate.isBefore(EARLIEST_BIRTH);
    }
}
