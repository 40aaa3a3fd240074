package health.safeline.scheduling.client;

import health.safeline.shared.api.Clearance;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.persistence.Timeouts;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
    private final TriageApi api;
    private final Duration timeout;

    ClearanceClient(@RestClient TriageApi api,
            @ConfigProperty(name = "safeline.scheduling.triage-timeout", defaultValue = "3s") Duration timeout) {
        this.api = api;
        this.timeout = timeout;
    }

    public Uni<Optional<Clearance>> clearance(UUID encounterId) {
        return Timeouts.within(api.clearance(encounterId.toString()), timeout)
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
