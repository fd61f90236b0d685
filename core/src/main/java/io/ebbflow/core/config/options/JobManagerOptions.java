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

    public static final ConfigOption<Integer> BLOB_SERVER_PORT = ConfigOption.key("blob.server.port")
            .intType().defaultValue(0)
            .validate("an integer in [0, 65535]", io.ebbflow.core.config.Ranges.intBetween(0, 65535))
            .withDescription("Port on which a JobMaster serves its job jar to TaskExecutors (bound to 'cluster.host'); "
                    + "0 picks a free port.");

    public static final ConfigOption<Duration> RESOURCE_STABILIZATION_TIMEOUT = ConfigOption
            .key("jobmanager.adaptive-scheduler.submission.resource-stabilization-timeout")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .fallbackKeys("jobmanager.adaptive-scheduler.resource-stabilization-timeout")
            .validate("a duration >= 0", Ranges.notNegative())
            .withDescription("A job that has the slots it needs at least (its minimum) but not all it wants starts after "
                    + "no new slot has arrived for this long; with all it wants it starts at once.");

    public static final ConfigOption<Duration> RESOURCE_WAIT_TIMEOUT = ConfigOption
            .key("jobmanager.adaptive-scheduler.submission.resource-wait-timeout")
            .durationType().defaultValue(Duration.ofMinutes(5))
            .fallbackKeys("jobmanager.adaptive-scheduler.resource-wait-timeout")
            .withDescription("A job that cannot get its minimum slots for this long fails. Negative waits forever.");
}
