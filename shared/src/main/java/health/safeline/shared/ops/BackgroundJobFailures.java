package health.safeline.shared.ops;

import health.safeline.shared.error.Failures;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.FailedExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * A failed run of a background job (outbox relay, deadline worker, re-triage...) is retried at its next
 * tick: log one line without a stack trace (the scheduler's own error log is switched off) and count it.
 */
@ApplicationScoped
public class BackgroundJobFailures {

    private static final Logger LOG = Logger.getLogger(BackgroundJobFailures.class);
    private final MeterRegistry registry;

    BackgroundJobFailures(MeterRegistry registry) {
        this.registry = registry;
    }

    void onFailure(@Observes FailedExecution failed) {
        String job = failed.getExecution().getTrigger().getMethodDescription() != null
                ? failed.getExecution().getTrigger().getMethodDescription() : failed.getExecution().getTrigger().getId();
        Throwable cause = failed.getException();
        String why = Failures.isDatabaseUnavailable(cause) ? "database unavailable" : cause.getClass().getName();
        LOG.warnf("Background job %s failed, retried at its next run: %s", job, why);
        registry.counter("safeline.background.job.failures", "job", job).increment();
    }
}
