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
            .withDescription("At most one requirement check (slot matching) runs per this window. A requirement change "
                    + "(declaration, new or lost slots) when none ran within it is checked at once; changes arriving "
                    + "within the window after a check are handled together in one check when it ends, so a burst of "
                    + "registrations causes one more round of slot matching.");

    public static final ConfigOption<Duration> JOB_TIMEOUT = ConfigOption.key("resourcemanager.job.timeout")
            .durationType().defaultValue(Duration.ofMinutes(5))
            .validate("a positive duration", Ranges.positive())
            .withDescription("A job whose JobMaster is gone is forgotten (requirement and place in the submission "
                    + "order) after this long. Until then a restarted JobMaster of the job takes its place back.");
}
