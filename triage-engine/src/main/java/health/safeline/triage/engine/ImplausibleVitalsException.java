package health.safeline.triage.engine;

/** Thrown by the engine for vitals out of physiological range (e.g. systolic 900, spo2 120, temperature 60): callers turn it into a 400. */
public class ImplausibleVitalsException extends IllegalArgumentException {
    private final String field;

    public ImplausibleVitalsException(String field, Number value, Number min, Number max) {
        super("Implausible vital sign " + field + "=" + value + " (expected " + min + "-" + max + ")");
        this.field = field;
    }

    /** The offending field name, as in {@code Vitals}. */
    public String field() {
        return field;
    }
}
