package health.safeline.shared.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.scheduler.FailedExecution;
import io.quarkus.scheduler.ScheduledExecution;
import io.quarkus.scheduler.Trigger;
import java.net.ConnectException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A failed background job run is counted per job (the alert on stalled jobs reads this counter). */
class BackgroundJobFailuresTest {

    static FailedExecution failed(String id, String method, Throwable cause) {
        Trigger trigger = new Trigger() {
            public String getId() { return id; }
            public Instant getNextFireTime() { return null; }
            public Instant getPreviousFireTime() { return null; }
            public boolean isOverdue() { return false; }
            public String getMethodDescription() { return method; }
        };
        ScheduledExecution execution = new ScheduledExecution() {
            public Trigger getTrigger() { return trigger; }
            public Instant getFireTime() { return Instant.now(); }
            public Instant getScheduledFireTime() { return Instant.now(); }
        };
        return new FailedExecution(execution, cause);
    }

    @Test
    void eachFailedRunIsCountedUnderItsJob() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BackgroundJobFailures failures = new BackgroundJobFailures(registry);
        failures.onFailure(failed("1_outbox", "Outbox#poll", new ConnectException("refused")));
        failures.onFailure(failed("1_outbox", "Outbox#poll", new IllegalStateException("boom")));
        failures.onFailure(failed("deadlines", null, new RuntimeException("closed")));
        assertEquals(2.0, registry.counter("safeline.background.job.failures", "job", "Outbox#poll").count());
        // a trigger without a method description is counted under its id
        assertEquals(1.0, registry.counter("safeline.background.job.failures", "job", "deadlines").count());
    }
}
