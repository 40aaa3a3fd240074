package health.safeline.scheduling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** scheduling-service settings ({@code safeline.scheduling.*}). */
@ConfigMapping(prefix = "safeline.scheduling")
public interface SchedulingConfig {

    /** DEV ONLY: load the practitioners and schedules of {@code dev/schedules.sql} at start-up. */
    @WithDefault("false")
    boolean devSeed();

    /** escalation-service URL for the CDS cards' worklist links ({@code <base>/api/v1/escalations?encounterId=}). */
    @WithDefault("http://localhost:8084")
    String escalationLinkBase();

    /** Where a CDS Hooks card's source points: triage's protocol, the rules behind every clearance. */
    @WithDefault("http://localhost:8082/api/v1/protocol")
    String triageSourceUrl();
}
