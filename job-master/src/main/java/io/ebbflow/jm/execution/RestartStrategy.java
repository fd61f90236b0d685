package io.ebbflow.jm.execution;

import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.RestartStrategyOptions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Whether, and after how long, a job restarts after a failure (Flink's strategies and defaults). Rescales
 * are not failures and never reach this. Time comes in from the caller.
 */
public abstract class RestartStrategy {

    /** The delay before restarting after a failure at {@code now}, or empty if the job must fail. */
    public abstract Optional<Duration> onFailure(long now);

    /** For logs and the exception history. */
    public abstract String describe();

    /** The strategy the configuration asks for; unset: none without checkpointing, exponential-delay with it. */
    public static RestartStrategy from(Configuration config, boolean checkpointing, RandomGenerator random) {
        String type = config.getOptional(RestartStrategyOptions.TYPE).orElse(checkpointing ? "exponential-delay" : "none")
                .toLowerCase();
        return switch (type) {
            case "fixed-delay", "fixeddelay" -> new FixedDelay(config.get(RestartStrategyOptions.FIXED_DELAY_ATTEMPTS),
                    config.get(RestartStrategyOptions.FIXED_DELAY_DELAY));
            case "failure-rate", "failurerate" -> new FailureRate(config.get(RestartStrategyOptions.FAILURE_RATE_MAX),
                    config.get(RestartStrategyOptions.FAILURE_RATE_INTERVAL), config.get(RestartStrategyOptions.FAILURE_RATE_DELAY));
            case "exponential-delay", "exponentialdelay" -> new ExponentialDelay(
                    config.get(RestartStrategyOptions.EXP_INITIAL_BACKOFF), config.get(RestartStrategyOptions.EXP_MAX_BACKOFF),
                    config.get(RestartStrategyOptions.EXP_MULTIPLIER), config.get(RestartStrategyOptions.EXP_RESET_THRESHOLD),
                    config.get(RestartStrategyOptions.EXP_JITTER), config.get(RestartStrategyOptions.EXP_ATTEMPTS), random);
            default -> new None();
        };
    }

    static final class None extends RestartStrategy {
        @Override
        public Optional<Duration> onFailure(long now) {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "none";
        }
    }

    static final class FixedDelay extends RestartStrategy {
        private final int attempts;
        private final Duration delay;
        private int used;

        FixedDelay(int attempts, Duration delay) {
            this.attempts = attempts;
            this.delay = delay;
        }

        @Override
        public Optional<Duration> onFailure(long now) {
            return used++ < attempts ? Optional.of(delay) : Optional.empty();
        }

        @Override
        public String describe() {
            return "fixed-delay (" + attempts + " attempts, " + delay.toMillis() + " ms apart; " + Math.min(used, attempts)
                    + " used)";
        }
    }

    static final class FailureRate extends RestartStrategy {
        private final int maxFailures;
        private final Duration interval;
        private final Duration delay;
        private final Deque<Long> failures = new ArrayDeque<>();

        FailureRate(int maxFailures, Duration interval, Duration delay) {
            this.maxFailures = maxFailures;
            this.interval = interval;
            this.delay = delay;
        }

        @Override
        public Optional<Duration> onFailure(long now) {
            failures.addLast(now);
            while (!failures.isEmpty() && failures.peekFirst() <= now - interval.toMillis()) {
                failures.removeFirst();
            }
            return failures.size() <= maxFailures ? Optional.of(delay) : Optional.empty();
        }

        @Override
        public String describe() {
            return "failure-rate (at most " + maxFailures + " failures per " + interval.toSeconds() + " s)";
        }
    }

    static final class ExponentialDelay extends RestartStrategy {
        private final Duration initial;
        private final Duration max;
        private final double multiplier;
        private final Duration resetThreshold;
        private final double jitter;
        private final int attempts;
        private final RandomGenerator random;
        private double current;
        private long lastFailure = -1;
        private int used;

        ExponentialDelay(Duration initial, Duration max, double multiplier, Duration resetThreshold, double jitter,
                int attempts, RandomGenerator random) {
            this.initial = initial;
            this.max = max;
            this.multiplier = multiplier;
            this.resetThreshold = resetThreshold;
            this.jitter = jitter;
            this.attempts = attempts;
            this.random = random;
        }

        @Override
        public Optional<Duration> onFailure(long now) {
            if (lastFailure >= 0 && now - lastFailure >= resetThreshold.toMillis()) {
                current = 0;
                used = 0;
            }
            lastFailure = now;
            if (used >= attempts) {
                return Optional.empty();
            }
            used++;
            current = current == 0 ? initial.toMillis() : Math.min(max.toMillis(), current * multiplier);
            double spread = current * jitter;
            double d = spread > 0 ? current + (random.nextDouble() * 2 - 1) * spread : current;
            return Optional.of(Duration.ofMillis(Math.max(0, Math.round(Math.min(d, max.toMillis())))));
        }

        @Override
        public String describe() {
            return "exponential-delay (" + initial.toMillis() + " ms x " + multiplier + " up to " + max.toSeconds() + " s)";
        }
    }
}
