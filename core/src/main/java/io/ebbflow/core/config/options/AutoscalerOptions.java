package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Ranges;
import java.time.Duration;
import java.util.function.Function;

/**
 * The JobMaster's built-in scaling policy (off by default). Where the Flink Kubernetes operator's autoscaler has
 * the same setting, the key and the default are its own ({@code job.autoscaler.*}).
 */
public final class AutoscalerOptions {

    private AutoscalerOptions() {
    }

    public static final ConfigOption<Boolean> ENABLED = ConfigOption.key("jobmanager.autoscaler.enabled")
            .booleanType().defaultValue(false)
            .fallbackKeys("job.autoscaler.enabled")
            .withDescription("The JobMaster sizes each vertex of its job from the job's own metrics (busy time, records "
                    + "in per second, the sources' backlog) and sets the job's resource requirements as "
                    + "PUT /jobs/:id/resource-requirements does; the adaptive scheduler then rescales when the slots "
                    + "allow. Each decision is explained in the rescale history. Not in reactive mode.");

    public static final ConfigOption<Duration> INTERVAL = ConfigOption.key("jobmanager.autoscaler.interval")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .validate("a positive duration", Ranges.positive())
            .withDescription("How often the policy samples the job's metrics and decides (the standalone Flink "
                    + "autoscaler's control-loop interval).");

    public static final ConfigOption<Double> TARGET_UTILIZATION = ConfigOption.key("job.autoscaler.target.utilization")
            .doubleType().defaultValue(0.7)
            .fallbackKeys("job.autoscaler.utilization.target")
            .validate("a number in (0, 1]", fraction(false))
            .withDescription("The share of its time a vertex should be busy: a vertex that leaves its band gets the "
                    + "fewest subtasks that read its input at most halfway from this to the band's upper edge "
                    + "(target + boundary / 2), and the catch-up of a backlog on top within the band.");

    public static final ConfigOption<Double> TARGET_UTILIZATION_BOUNDARY = ConfigOption
            .key("job.autoscaler.target.utilization.boundary")
            .doubleType().defaultValue(0.3)
            .validate("a number in [0, 1]", fraction(true))
            .withDescription("The band around the target utilization in which nothing changes: the job rescales only "
                    + "when a vertex would be busier than target + boundary or less busy than target - boundary.");

    public static final ConfigOption<Duration> METRICS_WINDOW = ConfigOption.key("job.autoscaler.metrics.window")
            .durationType().defaultValue(Duration.ofMinutes(15))
            .validate("a positive duration", Ranges.positive())
            .withDescription("The metrics are averaged over this window; the first decision after a (re)start or a "
                    + "rescale waits until the window is full.");

    public static final ConfigOption<Duration> STABILIZATION_INTERVAL = ConfigOption
            .key("job.autoscaler.stabilization.interval")
            .durationType().defaultValue(Duration.ofMinutes(5))
            .validate("a duration >= 0", Ranges.notNegative())
            .withDescription("After a (re)start or a rescale, metrics are not collected for this long (the job is "
                    + "catching up on what piled up meanwhile).");

    public static final ConfigOption<Duration> SCALE_DOWN_INTERVAL = ConfigOption.key("job.autoscaler.scale-down.interval")
            .durationType().defaultValue(Duration.ofHours(1))
            .fallbackKeys("job.autoscaler.scale-down.delay", "job.autoscaler.scale-up.grace-period")
            .validate("a duration >= 0", Ranges.notNegative())
            .withDescription("A vertex is scaled down only after every decision for this long asked for less, and then to "
                    + "the largest parallelism asked for meanwhile. Scale-ups happen at once. Each time a vertex had to be "
                    + "scaled up again after a scale-down (within job.autoscaler.history.max.age), its delay doubles, up "
                    + "to 4 times.");

    public static final ConfigOption<Duration> CATCH_UP_DURATION = ConfigOption.key("job.autoscaler.catch-up.duration")
            .durationType().defaultValue(Duration.ofMinutes(30))
            .validate("a duration >= 0", Ranges.notNegative())
            .withDescription("A source's backlog (pendingRecords) should be read within this time: its vertices are "
                    + "sized for the input rate plus backlog / catch-up duration. 0 ignores the backlog.");

    public static final ConfigOption<Duration> BACKLOG_LAG_THRESHOLD = ConfigOption
            .key("job.autoscaler.backlog-processing.lag-threshold")
            .durationType().defaultValue(Duration.ofMinutes(5))
            .validate("a duration >= 0", Ranges.notNegative())
            .withDescription("A source whose backlog would take longer than this to read at its input rate is catching "
                    + "up: while one is, no vertex is scaled down.");

    public static final ConfigOption<Double> SCALE_UP_MAX_FACTOR = ConfigOption.key("job.autoscaler.scale-up.max-factor")
            .doubleType().defaultValue(100_000.0)
            .validate("a number > 0", v -> v > 0 ? null : "expected a number > 0, got " + v)
            .withDescription("The cap per step up: a vertex at parallelism p goes to at most ceil(p x (1 + this)).");

    public static final ConfigOption<Double> SCALE_DOWN_MAX_FACTOR = ConfigOption
            .key("job.autoscaler.scale-down.max-factor")
            .doubleType().defaultValue(0.6)
            .validate("a number in [0, 1]", fraction(true))
            .withDescription("The cap per step down: a vertex at parallelism p goes to at least ceil(p x (1 - this)).");

    public static final ConfigOption<Integer> VERTEX_MIN_PARALLELISM = ConfigOption
            .key("job.autoscaler.vertex.min-parallelism")
            .intType().defaultValue(1)
            .validate("an integer >= 1", Ranges.intAtLeast(1))
            .withDescription("The policy never sizes a vertex below this.");

    public static final ConfigOption<Integer> VERTEX_MAX_PARALLELISM = ConfigOption
            .key("job.autoscaler.vertex.max-parallelism")
            .intType().defaultValue(200)
            .validate("an integer >= 1", Ranges.intAtLeast(1))
            .withDescription("The policy never sizes a vertex above this (nor above the vertex's max parallelism, nor a "
                    + "source above its number of splits).");

    public static final ConfigOption<Integer> HISTORY_MAX_COUNT = ConfigOption.key("job.autoscaler.history.max.count")
            .intType().defaultValue(3)
            .validate("an integer >= 1", Ranges.intAtLeast(1))
            .withDescription("Decisions remembered per vertex (the memory against oscillation, and what the rescale "
                    + "history explains).");

    public static final ConfigOption<Duration> HISTORY_MAX_AGE = ConfigOption.key("job.autoscaler.history.max.age")
            .durationType().defaultValue(Duration.ofHours(24))
            .validate("a positive duration", Ranges.positive())
            .withDescription("Decisions older than this are forgotten.");

    private static Function<Double, String> fraction(boolean zeroAllowed) {
        return v -> (zeroAllowed ? v >= 0 : v > 0) && v <= 1 ? null
                : "expected a number in " + (zeroAllowed ? "[0, 1]" : "(0, 1]") + ", got " + v;
    }
}
