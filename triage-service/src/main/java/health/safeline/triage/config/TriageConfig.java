package health.safeline.triage.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "safeline.triage")
public interface TriageConfig {

    /** Callback promise told to the agent for urgent calls (the asap acknowledgement deadline). */
    @WithDefault("10")
    int urgentCallbackMinutes();

    /** Longest booking window a clinician may grant. */
    @WithDefault("720")
    int maxClinicianWindowHours();
}
