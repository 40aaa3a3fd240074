package health.safeline.escalation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Escalation policy per priority ({@code safeline.escalation.policy.<priority>.*}) and worker cadence.
 * The policy in force is snapshotted on each escalation when it is created.
 */
@ConfigMapping(prefix = "safeline.escalation")
public interface EscalationConfig {

    /** Policies per Communication priority. */
    Policy policy();

    /** Default tiers for a priority without {@code policy.<priority>.tiers}, first notified first. */
    @WithDefault("on-call-clinician,supervising-physician,clinical-lead")
    List<String> tiers();

    /** How often the deadline worker looks for missed acknowledgement and resolve deadlines. */
    @WithDefault("1s")
    Duration deadlineCheckEvery();

    /** How often the gauge of open escalations by tier is refreshed from the database. */
    @WithDefault("15s")
    Duration openGaugeEvery();

    /** Notification channels fed from the worklist's event journal. */
    @WithName("notify")
    Notify notifications();

    /** Topic-based FHIR Subscriptions (rest-hook), fed from the same journal. */
    Subscriptions subscriptions();

    interface Subscriptions {
        /** How often new journal events are matched to subscriptions and due notifications are sent. */
        @WithDefault("1s")
        Duration every();

        /** Longest wait between two attempts at a failing endpoint (backoff doubles from 1 s). */
        @WithDefault("60s")
        Duration maxBackoff();

        /**
         * How long an endpoint may keep failing (since its last accepted notification) before the subscription is
         * set to {@code error} and no longer tried; its events stay numbered and readable through {@code $events}.
         */
        @WithDefault("1H")
        Duration errorAfter();

        /** Most subscriptions one client (token {@code azp}, else subject) may hold that are not deleted. */
        @WithDefault("10")
        int maxPerClient();

        /**
         * Endpoints each client may use without the address check and with {@code full-resource} payloads:
         * entries {@code <client-id>=<scheme>://<host>[:<port>][/<path-prefix>]}, comma-separated
         * ({@code SAFELINE_ESCALATION_SUBSCRIPTIONS_ALLOW_LIST=ehr-a=https://ehr-a.example/hooks/}).
         */
        Optional<List<String>> allowList();

        /**
         * The cluster's own networks in CIDR notation (pod, service and node ranges), refused as endpoint addresses
         * like loopback, link-local and private ones.
         */
        Optional<List<String>> blockedNetworks();

        /** Deliveries in flight at once to one endpoint origin ({@code scheme://host:port}), per replica. */
        @WithDefault("4")
        int perEndpointConcurrency();

        /** Deliveries in flight at once in all, per replica. */
        @WithDefault("64")
        int maxInFlight();

        /** Longest wait for a TCP (and TLS) connection to an endpoint. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Shortest heartbeat period a Subscription may ask for. */
        @WithDefault("10s")
        Duration minHeartbeat();

        /** Longest heartbeat period a Subscription may ask for. */
        @WithDefault("24H")
        Duration maxHeartbeat();

        /** Delivery timeout of a Subscription without the backport-timeout extension. */
        @WithDefault("10s")
        Duration defaultTimeout();

        /** Longest backport-timeout accepted. */
        @WithDefault("60s")
        Duration maxTimeout();

        /** Largest backport-max-count accepted (events per notification). */
        @WithDefault("100")
        int maxCount();

        /** Whether plain {@code http} endpoints are accepted ({@code https} always is); false in production. */
        @WithDefault("false")
        boolean allowHttp();

        /** Journal events matched, and subscriptions served, per run. */
        @WithDefault("200")
        int batchSize();

        /** Notifications sent to one subscription in a row within one run (catching up), before others. */
        @WithDefault("50")
        int burst();

        /** Public FHIR base URL of escalation-service, for absolute references and fullUrls in notifications. */
        @WithDefault("http://localhost:8084/fhir")
        String fhirBase();
    }

    interface Notify {
        /** How often new events are fanned out to channels and due deliveries are attempted. */
        @WithDefault("1s")
        Duration every();

        /** Longest wait between two attempts of one delivery (backoff doubles from 2 s). */
        @WithDefault("60s")
        Duration maxBackoff();

        /** Events fanned out, and deliveries attempted, per run. */
        @WithDefault("50")
        int batchSize();

        /** Public base URL of escalation-service for links in notifications; absent: relative links. */
        Optional<String> linkBase();

        Webhook webhook();
    }

    /** The webhook channel: enabled when {@code url} is set, which then requires {@code secret}. */
    interface Webhook {
        Optional<String> url();

        /** Key of the HMAC-SHA256 body signature. */
        Optional<String> secret();

        @WithDefault("2s")
        Duration connectTimeout();

        /** Longest wait for the receiver's answer. */
        @WithDefault("5s")
        Duration timeout();
    }

    interface Policy {
        /** Emergency calls. */
        Stat stat();

        /** Urgent calls. */
        Asap asap();

        /** Less pressing escalations. */
        Urgent urgent();
    }

    /** Settings shared by every priority, with the same defaults. */
    interface Common {
        /** Ordered tiers; absent: {@code safeline.escalation.tiers}. */
        Optional<List<String>> tiers();

        /** How many more rounds of the last tier after it is reached, before the fallback is due. */
        @WithDefault("2")
        int repeat();

        /** Terminal instruction once every tier and repeat was missed. */
        @WithDefault("Call the patient back and advise 911")
        String fallback();
    }

    interface Stat extends Common {
        /** Time a clinician has to acknowledge a stat escalation. */
        @WithDefault("2M")
        Duration ackDeadline();

        /** Time an acknowledged stat escalation has to be resolved before it re-triggers. */
        @WithDefault("30M")
        Duration resolveDeadline();
    }

    interface Asap extends Common {
        @WithDefault("10M")
        Duration ackDeadline();

        @WithDefault("60M")
        Duration resolveDeadline();
    }

    interface Urgent extends Common {
        @WithDefault("30M")
        Duration ackDeadline();

        @WithDefault("4H")
        Duration resolveDeadline();
    }

    /** The policy values stored on an escalation at creation. */
    record PolicySnapshot(int ackWindowSeconds, int resolveWindowSeconds, List<String> tiers, int repeat,
            String fallback) {
    }
}
