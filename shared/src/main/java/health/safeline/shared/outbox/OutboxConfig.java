package health.safeline.shared.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

@ConfigMapping(prefix = "safeline.outbox")
public interface OutboxConfig {

    /** Base URL of each destination service, by destination name (e.g. {@code escalation}). */
    Map<String, String> destinations();

    /** Messages claimed per poll. */
    @WithDefault("20")
    int batchSize();

    /** How long a claimed message stays invisible to other replicas while it is being delivered. */
    @WithDefault("30s")
    Duration claimTimeout();

    /** Connection timeout of a delivery. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** Longest wait for the destination's answer to a delivery. */
    @WithDefault("10s")
    Duration readTimeout();

    /** Longest wait between two delivery attempts of one message. */
    @WithDefault("60s")
    Duration maxBackoff();
}
