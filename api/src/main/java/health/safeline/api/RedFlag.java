package health.safeline.api;

import java.util.List;

/** A red flag found by triage, with the words and values that fired it. */
public record RedFlag(String id, String title, List<String> evidence) {

    /** The flag for a complaint the protocol does not recognise: at least same-day, for clinician review. */
    public static final String UNRECOGNISED = "unrecognised-symptoms";

    public RedFlag {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
