package health.safeline.shared.error;

import health.safeline.shared.persistence.Timeouts;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A safety question asked of another service: a 404 is "no", any other failure (down, slow, erroring) is the caller's
 * 503, never a guess.
 */
public final class FailClosed {

    private static final Logger LOG = Logger.getLogger(FailClosed.class);

    private FailClosed() {
    }

    /**
     * The answer of {@code call} within {@code timeout}; empty on a 404; otherwise the failure {@code unavailable}.
     * {@code what} names the question in the log (ids only, no PHI).
     */
    public static <T> Uni<Optional<T>> lookup(Uni<T> call, Duration timeout, String what, ApiProblem unavailable) {
        return Timeouts.within(call, timeout)
                .map(Optional::of)
                .onFailure().recoverWithUni(e -> {
                    if (e instanceof WebApplicationException w && w.getResponse().getStatus() == 404) {
                        return Uni.createFrom().item(Optional.empty());
                    }
                    LOG.warnf("%s failed: %s", what, e.getClass().getSimpleName());
                    return Uni.createFrom().failure(unavailable);
                });
    }
}
