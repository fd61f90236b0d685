package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Ranges;
import java.time.Duration;

/** How a job restarts after a failure (Flink's keys and defaults). */
public final class RestartStrategyOptions {

    private RestartStrategyOptions() {
    }

    public static final ConfigOption<String> TYPE = ConfigOption.key("restart-strategy.type")
            .stringType().derivedDefault("none without checkpointing, exponential-delay with checkpointing")
            .fallbackKeys("restart-strategy")
            .validate("none, off, disable, fixed-delay, fixeddelay, failure-rate, failurerate, exponential-delay or "
                    + "exponentialdelay", v -> java.util.Set.of("none", "off", "disable", "fixed-delay", "fixeddelay",
                    "failure-rate", "failurerate", "exponential-delay", "exponentialdelay").contains(v.toLowerCase())
                    ? null : "expected none, fixed-delay, failure-rate or exponential-delay, got '" + v + "'")
            .withDescription("What happens when a task fails: 'none' fails the job; 'fixed-delay' restarts a number of "
                    + "times with a fixed delay; 'failure-rate' restarts unless too many failures fall in an interval; "
                    + "'exponential-delay' restarts with a growing delay. Every restart resumes from the latest "
                    + "checkpoint. Rescales are not failures and use no attempts.");

    public static final ConfigOption<Integer> FIXED_DELAY_ATTEMPTS = ConfigOption.key("restart-strategy.fixed-delay.attempts")
            .intType().defaultValue(1)
            .validate("an integer >= 0", Ranges.intAtLeast(0))
            .withDescription("fixed-delay: restarts before the job fails.");

    public static final ConfigOption<Duration> FIXED_DELAY_DELAY = ConfigOption.key("restart-strategy.fixed-delay.delay")
            .durationType().defaultValue(Duration.ofSeconds(1))
            .validate("a duration >= 0", Ranges.notNegative())
            .withDescription("fixed-delay: wait between a failure and the restart.");

    public static final ConfigOption<Integer> FAILURE_RATE_MAX = ConfigOption
            .key("restart-strategy.failure-rate.max-failures-per-interval")
            .intType().defaultValue(1)
            .validate("an integer >= 1", Ranges.intAtLeast(1))
            .withDescription("failure-rate: failures within one interval that are still restarted.");

    public static final ConfigOption<Duration> FAILURE_RATE_INTERVAL = ConfigOption
            .key("restart-strategy.failure-rate.failure-rate-interval")
            .durationType().defaultValue(Duration.ofMinutes(1))
            .validate("a positive duration", Ranges.positive())
            .withDescription("failure-rate: the interval failures are counted in.");

    public static final ConfigOption<Duration> FAILURE_RATE_DELAY = ConfigOption.key("restart-strategy.failure-rate.delay")
            .durationType().defaultValue(Duration.ofSeconds(1))
            .validate("a duration >= 0", Ranges.notNegative())
            .withDescription("failure-rate: wait between a failure and the restart.");

    public static final ConfigOption<Duration> EXP_INITIAL_BACKOFF = ConfigOption
            .key("restart-strategy.exponential-delay.initial-backoff")
            .durationType().defaultValue(Duration.ofSeconds(1))
            .validate("a duration >= 0", Ranges.notNegative())
            .withDescription("exponential-delay: the first restart's delay.");

    public static final ConfigOption<Duration> EXP_MAX_BACKOFF = ConfigOption
            .key("restart-strategy.exponential-delay.max-backoff")
            .durationType().defaultValue(Duration.ofMinutes(1))
            .validate("a duration >= 0", Ranges.notNegative())
            .withDescription("exponential-delay: the delay never grows beyond this.");

    public static final ConfigOption<Double> EXP_MULTIPLIER = ConfigOption
            .key("restart-strategy.exponential-delay.backoff-multiplier")
            .doubleType().defaultValue(1.5)
            .validate("a number >= 1", v -> v >= 1 ? null : "expected a number >= 1, got " + v)
            .withDescription("exponential-delay: each restart's delay is the previous one times this.");

    public static final ConfigOption<Duration> EXP_RESET_THRESHOLD = ConfigOption
            .key("restart-strategy.exponential-delay.reset-backoff-threshold")
            .durationType().defaultValue(Duration.ofHours(1))
            .validate("a positive duration", Ranges.positive())
            .withDescription("exponential-delay: after this long without a failure the delay starts over.");

    public static final ConfigOption<Double> EXP_JITTER = ConfigOption
            .key("restart-strategy.exponential-delay.jitter-factor")
            .doubleType().defaultValue(0.1)
            .validate("a number in [0, 1]", v -> v >= 0 && v <= 1 ? null : "expected a number in [0, 1], got " + v)
            .withDescription("exponential-delay: the delay varies randomly by up to this fraction.");

    public static final ConfigOption<Integer> EXP_ATTEMPTS = ConfigOption
            .key("restart-strategy.exponential-delay.attempts-before-reset-backoff")
            .intType().defaultValue(Integer.MAX_VALUE)
            .validate("an integer >= 1", Ranges.intAtLeast(1))
            .withDescription("exponential-delay: restarts before the job fails (counted since the last reset).");
}
