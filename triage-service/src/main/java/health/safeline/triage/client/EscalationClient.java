package health.safeline.triage.client;

import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.FailClosed;
import health.safeline.shared.fhir.Fhir;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Task;

/**
 * Asks escalation-service how an escalation was resolved, so that a clinician clearance is issued only for one that
 * a clinician resolved. An unknown escalation is an empty answer; any other failure is a 503 (fail closed: the
 * sender's outbox retries).
 */
@ApplicationScoped
public class EscalationClient {

    /** How a clinician resolved an escalation: the outcome code, who resolved it, the booking window they gave. */
    public record Resolution(String escalationId, boolean completed, String outcome, String clinician,
            Integer bookingWindowHours) {
    }

    private final EscalationApi api;
    private final Duration timeout;

    EscalationClient(@RestClient EscalationApi api,
            @ConfigProperty(name = "safeline.triage.escalation-timeout", defaultValue = "3s") Duration timeout) {
        this.api = api;
        this.timeout = timeout;
    }

    /** The escalation holding the call whose alert is {@code alertId}. */
    public Uni<Optional<Resolution>> resolution(UUID alertId) {
        return FailClosed.lookup(api.task(alertId.toString()), timeout, "Escalation lookup for alert " + alertId,
                ApiProblem.unavailable("escalation-unavailable",
                        "escalation-service cannot confirm the clinician's resolution right now"))
                .map(task -> task.map(EscalationClient::resolution));
    }

    static Resolution resolution(Task t) {
        String outcome = null;
        Integer hours = null;
        for (Task.TaskOutputComponent o : t.getOutput()) {
            if (o.getValue() instanceof CodeableConcept c) {
                outcome = c.getCoding().stream().filter(x -> Fhir.CS_ESCALATION_OUTCOME.equals(x.getSystem()))
                        .map(x -> x.getCode()).findFirst().orElse(outcome);
            } else if (o.getValue() instanceof IntegerType i && Fhir.TASK_OUTPUT_BOOKING_WINDOW.equals(o.getType().getText())) {
                hours = i.getValue();
            }
        }
        String clinician = t.getOwner().hasIdentifier() ? t.getOwner().getIdentifier().getValue() : null;
        return new Resolution(t.getIdElement().getIdPart(), t.getStatus() == Task.TaskStatus.COMPLETED, outcome,
                clinician, hours);
    }
}
