package health.safeline.triage.engine;

/** A protocol file is missing or malformed; the message names the file, the rule and the problem. */
public class ProtocolException extends IllegalStateException {
    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
