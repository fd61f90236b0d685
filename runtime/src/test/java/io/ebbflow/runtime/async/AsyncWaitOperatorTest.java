package io.ebbflow.runtime.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ebbflow.api.functions.AsyncFunction;
import io.ebbflow.api.functions.ResultFuture;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.runtime.testing.OperatorHarness;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The async wait operator on its own (a manual processing-time clock, completions from other threads handed
 * over through the mailbox): ordering in both modes under seeded random completion delays, the capacity
 * bound and its back pressure, timeouts, failures.
 */
class AsyncWaitOperatorTest {

    private static final ScheduledExecutorService COMPLETERS = Executors.newScheduledThreadPool(4, r -> {
        Thread t = new Thread(r, "test-async-completer");
        t.setDaemon(true);
        return t;
    });
    private static final Map<String, AtomicInteger> IN_FLIGHT = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> MAX_IN_FLIGHT = new ConcurrentHashMap<>();

    @AfterAll
    static void stopCompleters() {
        COMPLETERS.shutdownNow();
    }

    /** Answers "v" and "v'" for each v after a delay drawn from a seeded random source, on other threads. */
    static final class DelayedLookup implements AsyncFunction<Integer, String> {
        private final String name;
        private final Random random;

        DelayedLookup(String name, long seed) {
            this.name = name;
            this.random = new Random(seed);
            IN_FLIGHT.put(name, new AtomicInteger());
            MAX_IN_FLIGHT.put(name, new AtomicInteger());
        }

        @Override
        public void asyncInvoke(Integer input, ResultFuture<String> resultFuture) {
            int now = IN_FLIGHT.get(name).incrementAndGet();
            MAX_IN_FLIGHT.get(name).accumulateAndGet(now, Math::max);
            long delayMicros = random.nextInt(3000);
            COMPLETERS.schedule(() -> {
                IN_FLIGHT.get(name).decrementAndGet();
                resultFuture.complete(List.of(input + "", input + "'"));
            }, delayMicros, TimeUnit.MICROSECONDS);
        }
    }

    /** Keeps every result future, to be completed by the test. */
    static final class Held implements AsyncFunction<Integer, String> {
        final List<ResultFuture<String>> futures = new CopyOnWriteArrayList<>();

        @Override
        public void asyncInvoke(Integer input, ResultFuture<String> resultFuture) {
            futures.add(resultFuture);
        }
    }

    private static OperatorHarness<Integer, String> harness(AsyncFunction<Integer, String> fn, long timeout, int capacity,
            boolean ordered) throws Exception {
        return new OperatorHarness<>(new OperatorSpec.AsyncWait(fn, timeout, capacity, ordered), null);
    }

    @ParameterizedTest(name = "ordered={0}, seed={1}")
    @CsvSource({"true, 1", "true, 2", "true, 3", "false, 1", "false, 2", "false, 3"})
    void resultsKeepTheirOrderAndNeverCrossAWatermark(boolean ordered, long seed) throws Exception {
        String name = "order-" + ordered + "-" + seed;
        int capacity = 7;
        OperatorHarness<Integer, String> h = harness(new DelayedLookup(name, seed), 60_000, capacity, ordered);
        int n = 300;
        for (int i = 0; i < n; i++) {
            h.processElement(i, 1000L + i);
            if (i % 10 == 9) {
                h.processWatermark(1000L + i);
            }
        }
        h.endInput();

        assertThat(MAX_IN_FLIGHT.get(name).get()).as("calls in flight at once").isLessThanOrEqualTo(capacity);
        List<String> records = h.records();
        assertThat(records).hasSize(2 * n);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(i + "");
            expected.add(i + "'");
        }
        if (ordered) {
            assertThat(records).containsExactlyElementsOf(expected);
        } else {
            assertThat(records).containsExactlyInAnyOrderElementsOf(expected);
        }
        // Every watermark comes after the results of the elements before it and before those after it.
        List<Long> watermarks = new ArrayList<>();
        long lastWatermark = Long.MIN_VALUE;
        for (OperatorHarness.Emitted e : h.emitted()) {
            if (e.watermark()) {
                assertThat(e.timestamp()).isGreaterThan(lastWatermark);
                lastWatermark = e.timestamp();
                watermarks.add(e.timestamp());
            } else {
                assertThat(e.timestamp()).as("timestamp of %s", e.value()).isGreaterThan(lastWatermark);
                assertThat(e.timestamp()).isEqualTo(1000L + Integer.parseInt(((String) e.value()).replace("'", "")));
            }
        }
        assertThat(watermarks).hasSize(n / 10 + 1).endsWith(Long.MAX_VALUE);
    }

    @Test
    void aFullQueueStopsTheSubtaskUntilACallCompletes() throws Exception {
        Held fn = new Held();
        OperatorHarness<Integer, String> h = harness(fn, 0, 3, true);
        h.processElement(0, 10);
        h.processElement(1, 11);
        h.processElement(2, 12);
        AtomicReference<Throwable> error = new AtomicReference<>();
        // The subtask's thread: its fourth element finds the queue full.
        Thread subtask = new Thread(() -> {
            try {
                h.processElement(3, 13);
            } catch (Throwable t) {
                error.set(t);
            }
        });
        subtask.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> subtask.getState() == Thread.State.TIMED_WAITING);
        assertThat(fn.futures).as("no fourth call while three are in flight").hasSize(3);
        assertThat(h.records()).isEmpty();

        fn.futures.get(1).complete(List.of("b")); // not the first: ordered, nothing can be emitted yet
        fn.futures.get(0).complete(List.of("a"));
        subtask.join(30_000);
        assertThat(subtask.isAlive()).isFalse();
        assertThat(error.get()).isNull();
        assertThat(fn.futures).hasSize(4);
        assertThat(h.records()).containsExactly("a", "b");
    }

    @Test
    void aCallWithoutAnswerFailsTheJobAtItsTimeoutNamingTheOperator() throws Exception {
        Held fn = new Held();
        OperatorHarness<Integer, String> h = harness(fn, 100, 10, true);
        h.setProcessingTime(1_000);
        h.processElement(7, 1);
        h.setProcessingTime(1_099);
        h.runMailbox();
        h.setProcessingTime(1_100);
        assertThatThrownBy(h::runMailbox)
                .cause()
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("async operator 'op'")
                .hasMessageContaining("within 100 ms for 7");
    }

    @Test
    void aTimeoutOverriddenWithAFallbackEmitsItInOrderAndALateAnswerIsIgnored() throws Exception {
        List<ResultFuture<String>> futures = new CopyOnWriteArrayList<>();
        AsyncFunction<Integer, String> fn = new AsyncFunction<>() {
            @Override
            public void asyncInvoke(Integer input, ResultFuture<String> resultFuture) {
                futures.add(resultFuture);
            }

            @Override
            public void timeout(Integer input, ResultFuture<String> resultFuture) {
                resultFuture.complete(List.of("fallback-" + input));
            }
        };
        OperatorHarness<Integer, String> h = harness(fn, 50, 10, true);
        h.processElement(1, 1);
        h.setProcessingTime(20);
        h.processElement(2, 2);
        futures.get(1).complete(List.of("two"));
        h.runMailbox();
        assertThat(h.records()).isEmpty();
        h.setProcessingTime(50); // the first call times out; the second answered in time
        h.runMailbox();
        assertThat(h.records()).containsExactly("fallback-1", "two");
        futures.get(0).complete(List.of("late"));
        h.setProcessingTime(1_000);
        h.runMailbox();
        assertThat(h.records()).containsExactly("fallback-1", "two");
    }

    @Test
    void aFailedCallFailsTheJobWithItsCauseNamingTheOperator() throws Exception {
        Held fn = new Held();
        OperatorHarness<Integer, String> h = harness(fn, 0, 10, false);
        h.processElement(5, 1);
        fn.futures.get(0).completeExceptionally(new IOException("lookup service down"));
        assertThatThrownBy(h::runMailbox)
                .cause()
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("async operator 'op'")
                .hasMessageContaining("for 5 failed")
                .hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void unorderedEmitsAsCompletedWithinASegment() throws Exception {
        Held fn = new Held();
        OperatorHarness<Integer, String> h = harness(fn, 0, 10, false);
        h.processElement(0, 1);
        h.processElement(1, 2);
        h.processWatermark(2);
        h.processElement(2, 3);
        fn.futures.get(2).complete(List.of("c")); // after the watermark: waits for it
        fn.futures.get(1).complete(List.of("b"));
        h.runMailbox();
        assertThat(h.emitted()).extracting(Object::toString).containsExactly("b@2");
        fn.futures.get(0).complete(List.of("a"));
        h.runMailbox();
        assertThat(h.emitted()).extracting(Object::toString).containsExactly("b@2", "a@1", "WM(2)", "c@3");
    }
}
