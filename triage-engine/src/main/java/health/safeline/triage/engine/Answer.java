package health.safeline.triage.engine;

/** An agent's answer to a screening question; {@link #UNSURE} counts as yes. */
public enum Answer {
    YES, NO, UNSURE;

    /** "yes", "no" or "unsure". */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    boolean counts() {
        return this != NO;
    }
}
