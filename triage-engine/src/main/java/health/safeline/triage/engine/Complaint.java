package health.safeline.triage.engine;

import java.util.List;

/**
 * A complaint protocol (Schmitt-Thompson's structure): the concepts that recognise it, its questions (rule indexes)
 * most urgent first, and the disposition when none fires. {@code always}: applies to every call (vital signs).
 * {@code administrative}: recognising it (a refill, a form) explains no symptom word of the call.
 */
record Complaint(String id, String title, String definition, List<String> recognisedBy, int[] recognisedIndex,
        boolean always, boolean administrative, int[] questions, Disposition fallback, String source) {
}
