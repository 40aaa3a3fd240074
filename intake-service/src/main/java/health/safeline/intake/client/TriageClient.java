package health.safeline.intake.client;

import health.safeline.shared.api.TriageDecision;
import health.safeline.shared.fhir.TriageOperation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Asks triage-service to triage an encounter; any failure means "triage unavailable". */
@ApplicationScoped
public class TriageClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final TriageApi api;

    TriageClient(@RestClient TriageApi api) {
        this.api = api;
    }

    public Uni<TriageDecision> triage(TriageOperation.Request request) {
        return api.triage(TriageOperation.toParameters(request))
                .ifNoItem().after(TIMEOUT).fail()
                .map(TriageOperation::decisionFrom);
    }
}
