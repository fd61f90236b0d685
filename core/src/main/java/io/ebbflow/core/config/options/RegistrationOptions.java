package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Ranges;
import java.time.Duration;

/** How TaskExecutors and JobMasters (re)register with the ResourceManager (Flink's keys and defaults). */
public final class RegistrationOptions {

    private RegistrationOptions() {
    }

    public static final ConfigOption<Duration> INITIAL_TIMEOUT = ConfigOption.key("cluster.registration.initial-timeout")
            .durationType().defaultValue(Duration.ofMillis(100))
            .validate("a positive duration", Ranges.positive())
            .withDescription("First wait between registration attempts; it doubles after each unanswered attempt.");

    public static final ConfigOption<Duration> MAX_TIMEOUT = ConfigOption.key("cluster.registration.max-timeout")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .validate("a positive duration", Ranges.positive())
            .withDescription("Longest wait between registration attempts. A ResourceManager that starts announces "
                    + "itself, so waiting services register at once rather than at their next attempt.");

    public static final ConfigOption<Duration> ERROR_DELAY = ConfigOption.key("cluster.registration.error-delay")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .validate("a positive duration", Ranges.positive())
            .withDescription("Wait before the next registration attempt after an attempt failed with an error "
                    + "other than a timeout.");

    public static final ConfigOption<Duration> REFUSED_DELAY = ConfigOption.key("cluster.registration.refused-registration-delay")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .validate("a positive duration", Ranges.positive())
            .withDescription("Wait before the next registration attempt after the ResourceManager refused one.");

    public static final ConfigOption<Duration> TASK_EXECUTOR_TIMEOUT = ConfigOption.key("taskmanager.registration.timeout")
            .durationType().defaultValue(Duration.ofMinutes(5))
            .validate("a positive duration", Ranges.positive())
            .withDescription("An idle TaskExecutor (no subtasks, no slots accepted by a job) that cannot register "
                    + "with a ResourceManager for this long stops (exit code 1) so that a supervisor can restart it. "
                    + "One running subtasks keeps trying however long it takes, so a ResourceManager failover never "
                    + "stops running jobs.");
}
