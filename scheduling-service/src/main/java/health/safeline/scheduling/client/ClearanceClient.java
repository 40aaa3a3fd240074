package health.safeline.scheduling.client;

import health.safeline.shared.api.Clearance;
import health.safeline.shared.error.ApiProblem;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Asks triage for the clearance in force. No clearance is an empty answer; any other failure
 * (triage down, slow, erroring) is a 503: scheduling fails closed and never guesses.
 */
@ApplicationScoped
public class ClearanceClient {

    private static final Logger LOG = Logger.getLogger(ClearanceClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final TriageApi api;

    ClearanceClient(@RestClient TriageApi api) {
        this.api = api;
    }

    public Uni<Optional<Clearance>> clearance(UUID encounterId) {
        return api.clearance(encounterId.toString())
                .ifNoItem().after(TIMEOUT).fail()
                .map(Optional::of)
                .onFailure().recoverWithUni(e -> {
                    if (e instanceof WebApplicationException w && w.getResponse().getStatus() == 404) {
                        return Uni.createFrom().item(Optional.empty());
                    }
                    LOG.warnf("Clearance lookup for encounter %s failed: %s", encounterId, e.getClass().getSimpleName());
                    return Uni.createFrom().failure(ApiProblem.unavailable("triage-unavailable",
                            "Triage cannot confirm a clearance right now: do not book, transfer the caller to the nurse line"));
                });
    }
}
