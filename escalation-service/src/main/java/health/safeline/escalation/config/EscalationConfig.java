package health.safeline.escalation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Escalation policy: acknowledgement deadlines per priority, escalation tiers, worker cadence. */
@ConfigMapping(prefix = "safeline.escalation")
public interface EscalationConfig {

    /** Acknowledgement deadlines per Communication priority. */
    Policy policy();

    /** Escalation tiers, first notified first; a missed deadline moves to the next one. */
    @WithDefault("on-call-clinician,supervising-physician,clinical-lead")
    List<String> tiers();

    /** How often the deadline worker looks for missed acknowledgement deadlines. */
    @WithDefault("1s")
    Duration deadlineCheckEvery();

    /** How often the gauge of open escalations by tier is refreshed from the database. */
    @WithDefault("15s")
    Duration openGaugeEvery();

    /** Per-priority policy; the deadline is snapshotted on each escalation when it is created. */
    interface Policy {
        /** Emergency calls. */
        Stat stat();

        /** Urgent calls. */
        Asap asap();

        /** Less pressing escalations. */
        Urgent urgent();
    }

    interface Stat {
        /** Time a clinician has to acknowledge a stat escalation. */
        @WithDefault("2M")
        Duration ackDeadline();
    }

    interface Asap {
        /** Time a clinician has to acknowledge an asap escalation. */
        @WithDefault("10M")
        Duration ackDeadline();
    }

    interface Urgent {
        /** Time a clinician has to acknowledge an urgent escalation. */
        @WithDefault("30M")
        Duration ackDeadline();
    }
}
