package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigException;
import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.ConfigType;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.Ranges;
import java.time.Duration;

/** Heartbeats between ResourceManager, JobMasters and TaskExecutors (Flink's keys and defaults). */
public final class HeartbeatOptions {

    private HeartbeatOptions() {
    }

    public static final ConfigOption<Duration> INTERVAL = ConfigOption.key("heartbeat.interval")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .validate("a positive duration", Ranges.positive())
            .withDescription("How often heartbeats are sent: TaskExecutor to ResourceManager (with its slot report), "
                    + "JobMaster to ResourceManager (with its resource declaration) and JobMaster to TaskExecutor "
                    + "(with the slots it believes it holds there).");

    public static final ConfigOption<Duration> TIMEOUT = ConfigOption.key("heartbeat.timeout")
            .durationType().defaultValue(Duration.ofSeconds(50))
            .validate("a positive duration", Ranges.positive())
            .withDescription("A peer from which no heartbeat arrives for this long is considered lost. Unlike Flink, "
                    + "this is only the last resort: a process that exits is noticed through cluster membership "
                    + "within seconds, and one that shuts down cleanly says goodbye first.");

    public static final ConfigOption<Integer> RPC_FAILURE_THRESHOLD = ConfigOption.key("heartbeat.rpc-failure-threshold")
            .intType().defaultValue(2)
            .validate("-1 or an integer >= 1", Ranges.intAtLeastOrMinusOne(1))
            .withDescription("Consecutive heartbeat requests that fail because the peer is unreachable after which "
                    + "the peer is considered lost, before 'heartbeat.timeout'. -1 disables this check.");

    /**
     * Cross-option check run by every service at start.
     *
     * @throws ConfigException if the timeout is not longer than the interval
     */
    public static void check(Configuration config) {
        Duration interval = config.get(INTERVAL);
        Duration timeout = config.get(TIMEOUT);
        if (timeout.compareTo(interval) <= 0) {
            throw new ConfigException("'" + TIMEOUT.key() + "' (" + ConfigType.DURATION.format(timeout)
                    + ") must be longer than '" + INTERVAL.key() + "' (" + ConfigType.DURATION.format(interval) + ")");
        }
    }
}
