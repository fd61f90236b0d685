package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Ranges;
import java.time.Duration;

/** The JobMaster's declarative slot pool. */
public final class JobManagerOptions {

    private JobManagerOptions() {
    }

    public static final ConfigOption<Duration> SLOT_IDLE_TIMEOUT = ConfigOption.key("slot.idle.timeout")
            .durationType().defaultValue(Duration.ofSeconds(50))
            .validate("a positive duration", Ranges.positive())
            .withDescription("A free slot that the job holds beyond its declared target is given back after it has "
                    + "been idle this long (so a job that is about to need it again keeps it). Slots beyond the "
                    + "job's fair share of the cluster are given back as soon as they are free.");
}
