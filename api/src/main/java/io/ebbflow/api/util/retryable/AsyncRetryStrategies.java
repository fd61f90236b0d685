package io.ebbflow.api.util.retryable;

import io.ebbflow.api.functions.AsyncRetryPredicate;
import io.ebbflow.api.functions.AsyncRetryStrategy;
import java.io.Serializable;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Ready-made {@link AsyncRetryStrategy retry strategies} for {@code AsyncDataStream.orderedWaitWithRetry} and
 * {@code unorderedWaitWithRetry}, as Flink has them: no retries; a fixed delay; an exponentially growing delay. A
 * builder retries the elements whose results match {@code ifResult} or whose errors match {@code ifException}
 * (see {@link RetryPredicates}), up to {@code maxAttempts} times after the first call (Flink's count), and never
 * after the async operator's timeout has passed: the timeout covers the first call and every retry.
 */
public final class AsyncRetryStrategies {

    /** Never retries: the operator behaves as {@code orderedWait} / {@code unorderedWait}. */
    @SuppressWarnings("rawtypes")
    public static final NoRetryStrategy NO_RETRY_STRATEGY = new NoRetryStrategy<>();

    private AsyncRetryStrategies() {
    }

    /** Never retries. */
    public static final class NoRetryStrategy<OUT> implements AsyncRetryStrategy<OUT> {
        private NoRetryStrategy() {
        }

        @Override
        public boolean canRetry(int currentAttempts) {
            return false;
        }

        @Override
        public long getBackoffTimeMillis(int currentAttempts) {
            return -1;
        }

        @Override
        public AsyncRetryPredicate<OUT> getRetryPredicate() {
            return new Predicates<>(null, null);
        }
    }

    /** Retries after the same delay each time. */
    public static final class FixedDelayRetryStrategy<OUT> extends RetryWhen<OUT> {
        private final long backoffTimeMillis;

        private FixedDelayRetryStrategy(FixedDelayRetryStrategyBuilder<OUT> b) {
            super(b);
            this.backoffTimeMillis = b.backoffTimeMillis;
        }

        @Override
        public long getBackoffTimeMillis(int currentAttempts) {
            return backoffTimeMillis;
        }
    }

    /**
     * Retries after {@code initialDelay}, then after {@code multiplier} times the previous delay, at most
     * {@code maxRetryDelay}. Each element has its own sequence of delays (its n-th retry waits
     * {@code min(initialDelay × multiplier^(n-1), maxRetryDelay)}).
     */
    public static final class ExponentialBackoffDelayRetryStrategy<OUT> extends RetryWhen<OUT> {
        private final long initialDelay;
        private final long maxRetryDelay;
        private final double multiplier;

        private ExponentialBackoffDelayRetryStrategy(ExponentialBackoffDelayRetryStrategyBuilder<OUT> b) {
            super(b);
            this.initialDelay = b.initialDelay;
            this.maxRetryDelay = b.maxRetryDelay;
            this.multiplier = b.multiplier;
        }

        @Override
        public long getBackoffTimeMillis(int currentAttempts) {
            double delay = initialDelay * Math.pow(multiplier, Math.max(0, currentAttempts - 1));
            return delay >= maxRetryDelay ? maxRetryDelay : (long) delay;
        }
    }

    /** Builds a {@link FixedDelayRetryStrategy}. */
    public static final class FixedDelayRetryStrategyBuilder<OUT>
            extends Builder<OUT, FixedDelayRetryStrategyBuilder<OUT>> {
        private final long backoffTimeMillis;

        /**
         * @param maxAttempts the most retries of one element after its first call (positive)
         * @param backoffTimeMillis the delay before each retry (positive)
         */
        public FixedDelayRetryStrategyBuilder(int maxAttempts, long backoffTimeMillis) {
            super(maxAttempts);
            if (backoffTimeMillis <= 0) {
                throw new IllegalArgumentException("the backoff time of a retry strategy must be positive, not "
                        + backoffTimeMillis + " ms");
            }
            this.backoffTimeMillis = backoffTimeMillis;
        }

        public FixedDelayRetryStrategy<OUT> build() {
            return new FixedDelayRetryStrategy<>(this);
        }
    }

    /** Builds an {@link ExponentialBackoffDelayRetryStrategy}. */
    public static final class ExponentialBackoffDelayRetryStrategyBuilder<OUT>
            extends Builder<OUT, ExponentialBackoffDelayRetryStrategyBuilder<OUT>> {
        private final long initialDelay;
        private final long maxRetryDelay;
        private final double multiplier;

        /**
         * @param maxAttempts the most retries of one element after its first call (positive)
         * @param initialDelay the delay before the first retry, in ms (positive)
         * @param maxRetryDelay the longest delay, in ms (at least {@code initialDelay})
         * @param multiplier how much longer each delay is than the one before (at least 1)
         */
        public ExponentialBackoffDelayRetryStrategyBuilder(int maxAttempts, long initialDelay, long maxRetryDelay,
                double multiplier) {
            super(maxAttempts);
            if (initialDelay <= 0 || maxRetryDelay < initialDelay) {
                throw new IllegalArgumentException("the delays of an exponential backoff must be positive with the initial "
                        + "delay at most the maximum, not initial " + initialDelay + " ms and maximum " + maxRetryDelay + " ms");
            }
            if (!(multiplier >= 1)) {
                throw new IllegalArgumentException("the multiplier of an exponential backoff must be at least 1, not "
                        + multiplier);
            }
            this.initialDelay = initialDelay;
            this.maxRetryDelay = maxRetryDelay;
            this.multiplier = multiplier;
        }

        public ExponentialBackoffDelayRetryStrategy<OUT> build() {
            return new ExponentialBackoffDelayRetryStrategy<>(this);
        }
    }

    /** What both builders share: the most retries and the predicates. */
    abstract static class Builder<OUT, B extends Builder<OUT, B>> {
        private final int maxAttempts;
        private Predicate<Collection<OUT>> resultPredicate;
        private Predicate<Throwable> exceptionPredicate;

        Builder(int maxAttempts) {
            if (maxAttempts <= 0) {
                throw new IllegalArgumentException("the most retries of a retry strategy must be positive, not " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
        }

        /** Retries an element whose call completed with results that match {@code predicate}. */
        @SuppressWarnings("unchecked")
        public B ifResult(Predicate<? super Collection<OUT>> predicate) {
            this.resultPredicate = (Predicate<Collection<OUT>>) shippable(predicate, "ifResult");
            return (B) this;
        }

        /** Retries an element whose call failed with an error that matches {@code predicate}. */
        @SuppressWarnings("unchecked")
        public B ifException(Predicate<? super Throwable> predicate) {
            this.exceptionPredicate = (Predicate<Throwable>) shippable(predicate, "ifException");
            return (B) this;
        }

        /** A predicate goes with the job to the TaskExecutors: a lambda must be a serializable one. */
        private static Predicate<?> shippable(Predicate<?> predicate, String where) {
            if (predicate == null) {
                throw new NullPointerException("the predicate of " + where + " is null");
            }
            if ((predicate.getClass().isSynthetic() || predicate.getClass().isHidden()) && !(predicate instanceof Serializable)) {
                throw new IllegalArgumentException("the predicate of " + where + " is a lambda that is not serializable, so "
                        + "it cannot go with the job to the TaskExecutors: cast it, e.g. (Predicate<Throwable> & Serializable) "
                        + "e -> ..., or use a class (RetryPredicates has the common ones)");
            }
            return predicate;
        }
    }

    /** A strategy that retries up to {@code maxAttempts} times when a predicate matches. */
    abstract static class RetryWhen<OUT> implements AsyncRetryStrategy<OUT> {
        private final int maxAttempts;
        private final Predicate<Collection<OUT>> resultPredicate;
        private final Predicate<Throwable> exceptionPredicate;

        RetryWhen(Builder<OUT, ?> b) {
            this.maxAttempts = b.maxAttempts;
            this.resultPredicate = b.resultPredicate;
            this.exceptionPredicate = b.exceptionPredicate;
        }

        @Override
        public boolean canRetry(int currentAttempts) {
            return currentAttempts <= maxAttempts;
        }

        @Override
        public AsyncRetryPredicate<OUT> getRetryPredicate() {
            return new Predicates<>(resultPredicate, exceptionPredicate);
        }
    }

    private record Predicates<OUT>(Predicate<Collection<OUT>> onResult, Predicate<Throwable> onError)
            implements AsyncRetryPredicate<OUT> {
        @Override
        public Optional<Predicate<Collection<OUT>>> resultPredicate() {
            return Optional.ofNullable(onResult);
        }

        @Override
        public Optional<Predicate<Throwable>> exceptionPredicate() {
            return Optional.ofNullable(onError);
        }
    }
}
