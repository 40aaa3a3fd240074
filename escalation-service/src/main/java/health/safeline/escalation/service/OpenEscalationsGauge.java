package health.safeline.escalation.service;

import health.safeline.escalation.repository.EscalationReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Gauge {@code safeline.escalation.open} tagged by tier, refreshed from the database (so every replica
 * reports the same, database-wide numbers; tiers with nothing open disappear).
 */
@ApplicationScoped
public class OpenEscalationsGauge {

    static final String NAME = "safeline.escalation.open";
    private static final Logger LOG = Logger.getLogger(OpenEscalationsGauge.class);

    private final EscalationReader reader;
    private final MultiGauge open;

    OpenEscalationsGauge(EscalationReader reader, MeterRegistry metrics) {
        this.reader = reader;
        this.open = MultiGauge.builder(NAME).description("Open (triggered or acknowledged) escalations by tier")
                .register(metrics);
    }

    @Scheduled(every = "${safeline.escalation.open-gauge-every:15s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return reader.openByTier()
                .invoke(byTier -> open.register(byTier.entrySet().stream()
                        .map(e -> MultiGauge.Row.of(Tags.of("tier", Integer.toString(e.getKey())), e.getValue()))
                        .toList(), true))
                .onFailure().invoke(e -> LOG.warnf("Open escalations gauge not refreshed: %s",
                        e.getClass().getSimpleName()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
