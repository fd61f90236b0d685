package io.ebbflow.api.util.retryable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.api.functions.AsyncRetryStrategy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.SocketTimeoutException;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The retry strategies and predicates as a job builds them: their counts, delays, predicates and refusals. */
class AsyncRetryStrategiesTest {

    @Test
    void aFixedDelayAllowsMaxAttemptsRetriesAfterTheFirstCallEachAfterTheSameDelay() {
        AsyncRetryStrategy<String> s = new AsyncRetryStrategies.FixedDelayRetryStrategyBuilder<String>(3, 250)
                .ifResult(RetryPredicates.EMPTY_RESULT_PREDICATE).build();
        assertThat(List.of(1, 2, 3, 4)).map(s::canRetry).containsExactly(true, true, true, false);
        assertThat(List.of(1, 2, 3)).map(s::getBackoffTimeMillis).containsExactly(250L, 250L, 250L);
        assertThat(s.getRetryPredicate().resultPredicate()).get().matches(p -> p.test(List.of()) && !p.test(List.of("x")));
        assertThat(s.getRetryPredicate().exceptionPredicate()).isEmpty();
    }

    @Test
    void anExponentialBackoffGrowsEachElementsDelayUpToItsMaximum() {
        AsyncRetryStrategy<String> s = new AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategyBuilder<String>(10, 100,
                1_000, 3.0).ifException(RetryPredicates.HAS_EXCEPTION_PREDICATE).build();
        assertThat(List.of(1, 2, 3, 4, 5)).map(s::getBackoffTimeMillis).containsExactly(100L, 300L, 900L, 1_000L, 1_000L);
        assertThat(s.getBackoffTimeMillis(1)).as("the same for every element: no state carried over").isEqualTo(100);
        assertThat(s.getRetryPredicate().exceptionPredicate()).get().matches(p -> p.test(new IOException("x")));
    }

    @Test
    void noRetryNeverRetries() {
        @SuppressWarnings("unchecked")
        AsyncRetryStrategy<String> s = AsyncRetryStrategies.NO_RETRY_STRATEGY;
        assertThat(s.canRetry(1)).isFalse();
        assertThat(s.getRetryPredicate().resultPredicate()).isEmpty();
        assertThat(s.getRetryPredicate().exceptionPredicate()).isEmpty();
    }

    @Test
    void anExceptionTypePredicateMatchesTheTypeAndItsSubclasses() {
        Predicate<Throwable> io = RetryPredicates.exceptionTypePredicate(IOException.class);
        assertThat(io.test(new SocketTimeoutException())).isTrue();
        assertThat(io.test(new IllegalStateException())).isFalse();
        assertThat(RetryPredicates.createExceptionTypePredicate(IOException.class).test(new IOException())).isTrue();
    }

    @Test
    void strategiesWithTheirPredicatesSerialize() throws Exception {
        Predicate<Collection<String>> tooShort = (Predicate<Collection<String>> & Serializable) r -> r.size() < 2;
        Object[] strategies = {
            new AsyncRetryStrategies.FixedDelayRetryStrategyBuilder<String>(2, 10).ifResult(tooShort)
                    .ifException(RetryPredicates.exceptionTypePredicate(IOException.class)).build(),
            new AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategyBuilder<String>(2, 10, 20, 2)
                    .ifResult(RetryPredicates.EMPTY_RESULT_PREDICATE).build(),
            AsyncRetryStrategies.NO_RETRY_STRATEGY,
        };
        for (Object s : strategies) {
            try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
                out.writeObject(s);
            }
        }
    }

    @Test
    void badSettingsAreRefusedWhenTheStrategyIsBuilt() {
        assertThatThrownBy(() -> new AsyncRetryStrategies.FixedDelayRetryStrategyBuilder<String>(0, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("most retries").hasMessageContaining("0");
        assertThatThrownBy(() -> new AsyncRetryStrategies.FixedDelayRetryStrategyBuilder<String>(3, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backoff time");
        assertThatThrownBy(() -> new AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategyBuilder<String>(3, 100, 50, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial 100 ms and maximum 50 ms");
        assertThatThrownBy(() -> new AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategyBuilder<String>(3, 10, 50, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
    }

    @Test
    void aLambdaPredicateThatCannotGoWithTheJobIsRefusedWithTheCure() {
        Predicate<Collection<String>> plain = r -> r.isEmpty();
        assertThatThrownBy(() -> new AsyncRetryStrategies.FixedDelayRetryStrategyBuilder<String>(3, 10).ifResult(plain))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ifResult")
                .hasMessageContaining("not serializable")
                .hasMessageContaining("& Serializable");
    }
}
