package health.safeline.escalation.service;

import health.safeline.escalation.config.EscalationConfig;
import health.safeline.escalation.repository.EscalationRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Escalates every triggered escalation whose acknowledgement deadline passed to the next tier.
 * State lives in the database, so deadlines survive restarts and fire once across replicas.
 */
@ApplicationScoped
public class DeadlineWorker {

    private static final Logger LOG = Logger.getLogger(DeadlineWorker.class);
    private static final int BATCH = 500;

    private final EscalationRepository escalations;
    private final EscalationConfig config;
    private final Counter breaches;
    private final String source;

    DeadlineWorker(EscalationRepository escalations, EscalationConfig config, MeterRegistry metrics,
            @ConfigProperty(name = "quarkus.application.name") String source) {
        this.escalations = escalations;
        this.config = config;
        this.source = source;
        this.breaches = Counter.builder("safeline.escalation.deadline.breaches")
                .description("Missed acknowledgement deadlines").register(metrics);
    }

    @Scheduled(every = "${safeline.escalation.deadline-check-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> checkDeadlines() {
        return escalations.breachDue(config.tiers(), BATCH, source)
                .invoke(moved -> {
                    if (!moved.isEmpty()) {
                        breaches.increment(moved.size());
                        moved.forEach(m -> LOG.warnf("Escalation acknowledgement deadline missed, escalated: %s", m));
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("Deadline check failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
