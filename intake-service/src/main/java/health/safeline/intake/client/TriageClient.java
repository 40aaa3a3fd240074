package health.safeline.intake.client;

import health.safeline.api.TriageDecision;
import health.safeline.shared.fhir.TriageOperation;
import health.safeline.shared.persistence.Timeouts;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Asks triage-service to triage an encounter; any failure means "triage unavailable". */
@ApplicationScoped
public class TriageClient {

    private final TriageApi api;
    private final Duration timeout;

    TriageClient(@RestClient TriageApi api,
            @ConfigProperty(name = "safeline.intake.triage-timeout", defaultValue = "5s") Duration timeout) {
        this.api = api;
        this.timeout = timeout;
    }

    public Uni<TriageDecision> triage(TriageOperation.Request request) {
        return Timeouts.within(api.triage(TriageOperation.toParameters(request)), timeout)
                .map(TriageOperation::decisionFrom);
    }
}
