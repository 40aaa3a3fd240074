package health.safeline.triage.engine;

import health.safeline.api.TriageLevel;

/** A compiled protocol rule. {@code coversSentence}: its match explains every symptom word in the sentences it fired on. */
record Rule(String id, String title, TriageLevel level, Condition when, String rationale, String source,
        boolean coversSentence, String file) {
}
