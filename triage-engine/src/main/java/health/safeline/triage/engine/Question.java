package health.safeline.triage.engine;

import java.util.List;

/**
 * One screening question of a complaint protocol that applies to the call (issue 25's guided interview): the
 * {@code linkId} is the rule id, {@code text} the sentence the agent reads aloud, {@code critical} when a "yes" would
 * escalate. {@code answer} is {@code "yes"} when the caller's words or the agent settled it ({@code evidence} says
 * which), {@code "no"} or {@code "unsure"} when the agent answered, and null while nobody has.
 */
public record Question(String linkId, String text, boolean critical, String answer, List<String> evidence,
        String protocol) {
    public Question {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
