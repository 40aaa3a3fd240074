package health.safeline.triage.engine;

import health.safeline.api.TriageLevel;

/** A compiled protocol rule: one question of one or more complaint protocols ({@code ask}: the sentence the agent reads). {@code coversSentence}: its match explains every symptom word in the sentences it fired on. */
record Rule(String id, String title, TriageLevel level, Condition when, String rationale, String source,
        boolean coversSentence, String file, String ask, Disposition disposition) {
}
