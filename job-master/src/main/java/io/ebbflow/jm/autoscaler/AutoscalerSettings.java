package io.ebbflow.jm.autoscaler;

import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.AutoscalerOptions;
import java.time.Duration;

/**
 * The scaling policy's settings ({@link AutoscalerOptions}), read once.
 *
 * @param targetUtilization the share of its time a vertex should be busy
 * @param boundary the band around it in which nothing changes
 * @param catchUp the time in which a backlog should be read (zero: backlogs are ignored)
 * @param backlogThreshold a source whose backlog takes longer than this to read at its input rate is catching up
 * @param scaleUpMaxFactor a step up goes to at most ceil(p x (1 + this))
 * @param scaleDownMaxFactor a step down goes to at least ceil(p x (1 - this))
 */
public record AutoscalerSettings(boolean enabled, Duration interval, double targetUtilization, double boundary,
        Duration window, Duration stabilization, Duration scaleDownInterval, Duration catchUp, Duration backlogThreshold,
        double scaleUpMaxFactor, double scaleDownMaxFactor, int minParallelism, int maxParallelism, int historyMaxCount,
        Duration historyMaxAge) {

    public static AutoscalerSettings from(Configuration config) {
        return new AutoscalerSettings(config.get(AutoscalerOptions.ENABLED), config.get(AutoscalerOptions.INTERVAL),
                config.get(AutoscalerOptions.TARGET_UTILIZATION), config.get(AutoscalerOptions.TARGET_UTILIZATION_BOUNDARY),
                config.get(AutoscalerOptions.METRICS_WINDOW), config.get(AutoscalerOptions.STABILIZATION_INTERVAL),
                config.get(AutoscalerOptions.SCALE_DOWN_INTERVAL), config.get(AutoscalerOptions.CATCH_UP_DURATION),
                config.get(AutoscalerOptions.BACKLOG_LAG_THRESHOLD), config.get(AutoscalerOptions.SCALE_UP_MAX_FACTOR),
                config.get(AutoscalerOptions.SCALE_DOWN_MAX_FACTOR), config.get(AutoscalerOptions.VERTEX_MIN_PARALLELISM),
                config.get(AutoscalerOptions.VERTEX_MAX_PARALLELISM), config.get(AutoscalerOptions.HISTORY_MAX_COUNT),
                config.get(AutoscalerOptions.HISTORY_MAX_AGE));
    }

    /** Whether {@code durationMillis} passed from the tick at {@code since} to the tick at {@code now}: see below. */
    public boolean passed(long since, long now, long durationMillis) {
        return passed(since, now, durationMillis, interval.toMillis());
    }

    /**
     * Whether {@code durationMillis} passed from the tick at {@code since} to the tick at {@code now}. Durations are
     * counted in ticks: one ends at the tick that stands for its end. A tick fires somewhat after its time (a timer on
     * a busy event loop) while the next one is still due at its own, so the tick at a duration's end reads a few
     * milliseconds short of it whenever the tick it counts from fired later after its time; read exactly, the
     * duration would then end a whole tick later (the benchmark's scale-downs "asked for 65 s" of a 60 s delay). So up
     * to a quarter of the interval (at most half the duration) is forgiven.
     */
    static boolean passed(long since, long now, long durationMillis, long intervalMillis) {
        long slack = Math.min(intervalMillis / 4, durationMillis / 2);
        return now - since >= durationMillis - slack;
    }
}
