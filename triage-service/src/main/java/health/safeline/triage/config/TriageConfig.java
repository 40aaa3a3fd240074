package health.safeline.triage.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "safeline.triage")
public interface TriageConfig {

    /** Booking window of a same-day clearance, from the assessment. */
    @WithDefault("24H")
    Duration sameDayWindow();

    /** Booking window of a routine clearance, from the assessment. */
    @WithDefault("720H")
    Duration routineWindow();

    /** Callback promise told to the agent for urgent calls (the asap acknowledgement deadline). */
    @WithDefault("10")
    int urgentCallbackMinutes();

    /** Longest booking window a clinician may grant. */
    @WithDefault("720")
    int maxClinicianWindowHours();
}
