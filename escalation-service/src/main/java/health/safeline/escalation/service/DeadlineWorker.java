package health.safeline.escalation.service;

import health.safeline.escalation.repository.EscalationRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Applies missed deadlines with each escalation's policy snapshot: a missed acknowledgement moves to the
 * next tier (repeats of the last, then the fallback); a missed resolve deadline re-triggers.
 * State lives in the database, so deadlines survive restarts and fire once across replicas.
 */
@ApplicationScoped
public class DeadlineWorker {

    private static final Logger LOG = Logger.getLogger(DeadlineWorker.class);
    private static final int BATCH = 500;

    private final EscalationRepository escalations;
    private final Counter ackBreaches;
    private final Counter resolveBreaches;
    private final String source;

    DeadlineWorker(EscalationRepository escalations, MeterRegistry metrics,
            @ConfigProperty(name = "quarkus.application.name") String source) {
        this.escalations = escalations;
        this.source = source;
        this.ackBreaches = breaches(metrics, "acknowledge");
        this.resolveBreaches = breaches(metrics, "resolve");
    }

    /** Missed deadlines, tagged by kind: {@code acknowledge} or {@code resolve}. */
    private static Counter breaches(MeterRegistry metrics, String deadline) {
        return Counter.builder("safeline.escalation.deadline.breaches").tag("deadline", deadline)
                .description("Missed escalation deadlines").register(metrics);
    }

    @Scheduled(every = "${safeline.escalation.deadline-check-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> checkDeadlines() {
        return escalations.breachDue(BATCH, source)
                .invoke(moved -> {
                    if (!moved.isEmpty()) {
                        ackBreaches.increment(moved.size());
                        moved.forEach(m -> LOG.warnf("Escalation acknowledgement deadline missed: %s", m));
                    }
                })
                .chain(() -> escalations.retriggerDue(BATCH, source))
                .invoke(moved -> {
                    resolveBreaches.increment(moved.size());
                    moved.forEach(m -> LOG.warnf("Escalation resolve deadline missed, re-triggered: %s", m));
                })
                .onFailure().invoke(e -> LOG.warnf("Deadline check failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
