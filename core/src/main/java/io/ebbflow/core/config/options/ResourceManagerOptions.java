package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Ranges;
import java.time.Duration;

/** The ResourceManager's slot manager. */
public final class ResourceManagerOptions {

    private ResourceManagerOptions() {
    }

    public static final ConfigOption<Duration> REQUIREMENT_CHECK_DELAY = ConfigOption.key("slotmanager.requirement-check.delay")
            .durationType().defaultValue(Duration.ofMillis(50))
            .validate("a duration >= 0", Ranges.notNegative())
            .withDescription("Requirement changes (declarations, new or lost slots) arriving within this window are "
                    + "handled in one check, so a burst of registrations causes one round of slot matching.");

    public static final ConfigOption<Duration> JOB_TIMEOUT = ConfigOption.key("resourcemanager.job.timeout")
            .durationType().defaultValue(Duration.ofMinutes(5))
            .validate("a positive duration", Ranges.positive())
            .withDescription("A job whose JobMaster is gone is forgotten (requirement and place in the submission "
                    + "order) after this long. Until then a restarted JobMaster of the job takes its place back.");
}
