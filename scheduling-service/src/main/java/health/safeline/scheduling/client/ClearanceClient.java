package health.safeline.scheduling.client;

import health.safeline.api.Clearance;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.FailClosed;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Asks triage for the clearance in force. No clearance is an empty answer; any other failure
 * (triage down, slow, erroring) is a 503: scheduling fails closed and never guesses.
 */
@ApplicationScoped
public class ClearanceClient {

    private final TriageApi api;
    private final Duration timeout;

    ClearanceClient(@RestClient TriageApi api,
            @ConfigProperty(name = "safeline.scheduling.triage-timeout", defaultValue = "3s") Duration timeout) {
        this.api = api;
        this.timeout = timeout;
    }

    public Uni<Optional<Clearance>> clearance(UUID encounterId) {
        return FailClosed.lookup(api.clearance(encounterId.toString()), timeout,
                "Clearance lookup for encounter " + encounterId, ApiProblem.unavailable("triage-unavailable",
                        "Triage cannot confirm a clearance right now: do not book, transfer the caller to the nurse line"));
    }
}
