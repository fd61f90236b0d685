package io.ebbflow.runtime.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.api.AsyncDataStream;
import io.ebbflow.api.DataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.functions.AsyncFunction;
import io.ebbflow.api.functions.AsyncRetryStrategy;
import io.ebbflow.api.functions.ResultFuture;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.api.util.retryable.AsyncRetryStrategies;
import io.ebbflow.api.util.retryable.RetryPredicates;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.testing.CollectSink;
import io.ebbflow.runtime.testing.OperatorHarness;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Async I/O with retries ({@code orderedWaitWithRetry} / {@code unorderedWaitWithRetry}) on a manual processing-time
 * clock: which outcomes are retried and when, how many times, the timeout over all attempts, and the order of the
 * results meanwhile; then a bounded job on the local runner (real timers, completions from other threads).
 */
class AsyncRetryTest {

    /** How a scripted function answers attempt {@code attempt} (1 = the first call) for {@code input}. */
    interface Answer extends Serializable {
        void answer(int input, int attempt, ResultFuture<String> future);
    }

    /** Answers at once as its script says, and notes each call as {@code input@time}. */
    static final class Scripted implements AsyncFunction<Integer, String> {
        final List<String> calls = new CopyOnWriteArrayList<>();
        private final Map<Integer, Integer> attempts = new HashMap<>();
        private final Answer answer;
        OperatorHarness<Integer, String> clock;

        Scripted(Answer answer) {
            this.answer = answer;
        }

        @Override
        public void asyncInvoke(Integer input, ResultFuture<String> future) {
            calls.add(input + "@" + clock.processingTime());
            answer.answer(input, attempts.merge(input, 1, Integer::sum), future);
        }

        @Override
        public void timeout(Integer input, ResultFuture<String> future) {
            future.complete(List.of("fallback-" + input));
        }
    }

    private static OperatorHarness<Integer, String> harness(Scripted fn, long timeout, boolean ordered,
            AsyncRetryStrategy<String> retry) throws Exception {
        OperatorHarness<Integer, String> h = new OperatorHarness<>(new OperatorSpec.AsyncWait(fn, timeout, 10, ordered, retry),
                null);
        fn.clock = h;
        return h;
    }

    private static AsyncRetryStrategy<String> fixed(int maxAttempts, long delay) {
        return new AsyncRetryStrategies.FixedDelayRetryStrategyBuilder<String>(maxAttempts, delay)
                .ifResult(RetryPredicates.EMPTY_RESULT_PREDICATE).build();
    }

    @Test
    void anEmptyAnswerIsAskedAgainAfterTheDelayWhileTheElementsBehindItWait() throws Exception {
        Scripted fn = new Scripted((input, attempt, f) -> f.complete(input == 1 && attempt < 3 ? List.of() : List.of("r" + input)));
        OperatorHarness<Integer, String> h = harness(fn, 0, true, fixed(5, 100));
        h.processElement(1, 1);
        h.processElement(2, 2);
        h.runMailbox();
        assertThat(h.records()).as("2 is answered, but 1 is retried and comes first").isEmpty();

        h.setProcessingTime(99);
        h.runMailbox();
        assertThat(fn.calls).containsExactly("1@0", "2@0");
        h.setProcessingTime(100);
        h.runMailbox();
        h.setProcessingTime(200);
        h.runMailbox();
        assertThat(fn.calls).containsExactly("1@0", "2@0", "1@100", "1@200");
        assertThat(h.records()).containsExactly("r1", "r2");
    }

    @ParameterizedTest(name = "ordered={0}")
    @ValueSource(booleans = {true, false})
    void retriesStopAfterMaxAttemptsAndTheLastAnswerIsEmitted(boolean ordered) throws Exception {
        Scripted fn = new Scripted((input, attempt, f) -> f.complete(List.of("busy-" + attempt)));
        Predicate<Collection<String>> busy = (Predicate<Collection<String>> & Serializable)
                r -> r.stream().anyMatch(s -> s.startsWith("busy"));
        AsyncRetryStrategy<String> retry = new AsyncRetryStrategies.FixedDelayRetryStrategyBuilder<String>(2, 10)
                .ifResult(busy).build();
        OperatorHarness<Integer, String> h = harness(fn, 0, ordered, retry);
        h.processElement(7, 1);
        for (long t = 0; t <= 100; t += 5) {
            h.setProcessingTime(t);
            h.runMailbox();
        }
        assertThat(fn.calls).as("the first call and two retries").containsExactly("7@0", "7@10", "7@20");
        assertThat(h.records()).containsExactly("busy-3");
        h.endInput(); // nothing left in flight
    }

    @Test
    void aMatchingErrorIsRetriedAndAnyOtherFailsTheJobNamingTheOperator() throws Exception {
        Scripted fn = new Scripted((input, attempt, f) -> {
            if (input == 1 && attempt == 1) {
                f.completeExceptionally(new IOException("connection reset"));
            } else if (input == 2) {
                f.completeExceptionally(new IllegalStateException("bad request"));
            } else {
                f.complete(List.of("ok" + input));
            }
        });
        AsyncRetryStrategy<String> retry = new AsyncRetryStrategies.FixedDelayRetryStrategyBuilder<String>(3, 50)
                .ifException(RetryPredicates.exceptionTypePredicate(IOException.class)).build();
        OperatorHarness<Integer, String> h = harness(fn, 0, false, retry);
        h.processElement(1, 1);
        h.runMailbox();
        h.setProcessingTime(50);
        h.runMailbox();
        assertThat(fn.calls).containsExactly("1@0", "1@50");
        assertThat(h.records()).containsExactly("ok1");

        h.processElement(2, 2);
        assertThatThrownBy(h::runMailbox)
                .cause()
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("async operator 'op'")
                .hasMessageContaining("for 2 failed")
                .hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(fn.calls).as("not retried").containsExactly("1@0", "1@50", "2@50");
    }

    @Test
    void theTimeoutCoversEveryAttemptAndCancelsAPendingRetry() throws Exception {
        Scripted fn = new Scripted((input, attempt, f) -> f.complete(List.of()));
        OperatorHarness<Integer, String> h = harness(fn, 250, true, fixed(10, 100));
        h.processElement(3, 1);
        for (long t = 0; t <= 1_000; t += 10) {
            h.setProcessingTime(t);
            h.runMailbox();
        }
        // Calls at 0, 100 and 200; the retry due at 300 is dropped when the timeout comes at 250.
        assertThat(fn.calls).containsExactly("3@0", "3@100", "3@200");
        assertThat(h.records()).containsExactly("fallback-3");
    }

    @Test
    void withoutAFallbackTheTimeoutAfterRetriesFailsTheJob() throws Exception {
        AsyncFunction<Integer, String> noFallback = (input, f) -> f.complete(List.of());
        OperatorHarness<Integer, String> h = new OperatorHarness<>(
                new OperatorSpec.AsyncWait(noFallback, 150, 10, true, fixed(10, 100)), null);
        h.processElement(4, 1);
        h.runMailbox();
        h.setProcessingTime(100);
        h.runMailbox();
        assertThatThrownBy(() -> {
            h.setProcessingTime(150);
            h.runMailbox();
        }).cause().isInstanceOf(TimeoutException.class).hasMessageContaining("within 150 ms for 4");
    }

    @Test
    void exponentialBackoffDoublesTheDelayUpToItsMaximum() throws Exception {
        Scripted fn = new Scripted((input, attempt, f) -> f.complete(List.of()));
        AsyncRetryStrategy<String> retry = new AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategyBuilder<String>(
                4, 10, 50, 2.0).ifResult(RetryPredicates.EMPTY_RESULT_PREDICATE).build();
        OperatorHarness<Integer, String> h = harness(fn, 0, false, retry);
        h.processElement(9, 1);
        for (long t = 0; t <= 500; t++) {
            h.setProcessingTime(t);
            h.runMailbox();
        }
        assertThat(fn.calls).containsExactly("9@0", "9@10", "9@30", "9@70", "9@120");
        assertThat(h.records()).isEmpty();
        h.endInput(); // the last empty answer was final: nothing left in flight
    }

    /** Answers each element's first call empty when it is a multiple of 7, every other call at once with "r<v>". */
    static final class EmptyFirst implements AsyncFunction<Long, String> {
        static final Map<Long, Integer> ATTEMPTS = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void asyncInvoke(Long input, ResultFuture<String> future) {
            int attempt = ATTEMPTS.merge(input, 1, Integer::sum);
            LOOKUPS.execute(() -> future.complete(input % 7 == 0 && attempt == 1 ? List.of() : List.of("r" + input)));
        }
    }

    private static final java.util.concurrent.ExecutorService LOOKUPS = java.util.concurrent.Executors.newFixedThreadPool(2,
            r -> {
                Thread t = new Thread(r, "test-lookup");
                t.setDaemon(true);
                return t;
            });

    @ParameterizedTest(name = "ordered={0}")
    @ValueSource(booleans = {true, false})
    void onTheLocalRunnerABoundedJobWaitsForItsRetriesAndEmitsEveryResultOnce(boolean ordered) throws Exception {
        EmptyFirst.ATTEMPTS.clear();
        long n = 500;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        DataStream<Long> numbers = env.fromSequence(0, n - 1).rebalance();
        AsyncRetryStrategy<String> retry = fixed(3, 20);
        (ordered
                ? AsyncDataStream.orderedWaitWithRetry(numbers, new EmptyFirst(), 60, TimeUnit.SECONDS, 10, retry)
                : AsyncDataStream.unorderedWaitWithRetry(numbers, new EmptyFirst(), 60, TimeUnit.SECONDS, 10, retry))
                .addSink(new CollectSink<>("retried-" + ordered));
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.run(env, Duration.ofMinutes(2));
        }
        List<String> expected = new java.util.ArrayList<>();
        for (long v = 0; v < n; v++) {
            expected.add("r" + v);
            assertThat(EmptyFirst.ATTEMPTS.get(v)).as("calls of %d", v).isEqualTo(v % 7 == 0 ? 2 : 1);
        }
        assertThat(CollectSink.<String>results("retried-" + ordered)).containsExactlyInAnyOrderElementsOf(expected);
    }
}
