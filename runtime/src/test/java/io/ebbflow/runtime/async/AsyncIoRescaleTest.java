package io.ebbflow.runtime.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.api.AsyncDataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.ExactlyOnceFileSink;
import io.ebbflow.api.connector.GeneratorSource;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.AsyncRetryStrategy;
import io.ebbflow.api.functions.ResultFuture;
import io.ebbflow.api.functions.RichAsyncFunction;
import io.ebbflow.api.util.retryable.AsyncRetryStrategies;
import io.ebbflow.api.util.retryable.RetryPredicates;
import io.ebbflow.core.checkpoint.OperatorSnapshot;
import io.ebbflow.core.checkpoint.SubtaskSnapshot;
import io.ebbflow.runtime.checkpoint.CheckpointStorage;
import io.ebbflow.runtime.checkpoint.CompletedCheckpoint;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.testing.CommittedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Async I/O through a checkpoint and a rescale on the local runner: the first run holds some calls unanswered,
 * so they are in flight at the checkpoint; the second run restores it at another parallelism and calls them
 * again. With an exactly-once sink every element's result is committed exactly once.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AsyncIoRescaleTest {

    private static final long ELEMENTS = 12_000;
    private static final ScheduledExecutorService SERVICE = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "test-lookup-service");
        t.setDaemon(true);
        return t;
    });
    /** Calls made, per run. */
    private static final Map<String, AtomicLong> CALLS = new ConcurrentHashMap<>();

    @AfterAll
    static void stopService() {
        SERVICE.shutdownNow();
    }

    /**
     * Answers "result-v" after a delay of up to 2 ms (drawn from v and a seed) on the service's threads; with
     * {@code hold}, never answers the elements v with v % 97 == 5, or with {@code holdEmpty} answers them with no
     * result (which a retry strategy retries).
     */
    static final class Lookup extends RichAsyncFunction<Long, String> {
        private final String run;
        private final boolean hold;
        private final boolean holdEmpty;
        private final long seed;

        Lookup(String run, boolean hold, long seed) {
            this(run, hold, false, seed);
        }

        Lookup(String run, boolean hold, boolean holdEmpty, long seed) {
            this.run = run;
            this.hold = hold;
            this.holdEmpty = holdEmpty;
            this.seed = seed;
            CALLS.put(run, new AtomicLong());
        }

        @Override
        public void asyncInvoke(Long input, ResultFuture<String> resultFuture) {
            CALLS.get(run).incrementAndGet();
            if (hold && input % 97 == 5) {
                if (holdEmpty) {
                    SERVICE.execute(() -> resultFuture.complete(List.of()));
                }
                return;
            }
            long delayMicros = new java.util.Random(seed * 1_000_003 + input).nextInt(2000);
            SERVICE.schedule(() -> resultFuture.complete(List.of("result-" + input)), delayMicros, TimeUnit.MICROSECONDS);
        }
    }

    private static StreamExecutionEnvironment job(int parallelism, Lookup lookup, boolean ordered, double rate, Path out) {
        return job(parallelism, lookup, ordered, rate, out, null);
    }

    /** With {@code retry}, the lookup goes through {@code ordered|unorderedWaitWithRetry}. */
    private static StreamExecutionEnvironment job(int parallelism, Lookup lookup, boolean ordered, double rate, Path out,
            AsyncRetryStrategy<String> retry) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        var numbers = env.fromSource(GeneratorSource.of(i -> i, ELEMENTS, rate), WatermarkStrategy.<Long>noWatermarks(),
                "numbers").uid("numbers").rebalance();
        var results = retry != null
                ? (ordered
                        ? AsyncDataStream.orderedWaitWithRetry(numbers, lookup, 120, TimeUnit.SECONDS, 20_000, retry)
                        : AsyncDataStream.unorderedWaitWithRetry(numbers, lookup, 120, TimeUnit.SECONDS, 20_000, retry))
                : ordered
                ? AsyncDataStream.orderedWait(numbers, lookup, 120, TimeUnit.SECONDS, 20_000)
                : AsyncDataStream.unorderedWait(numbers, lookup, 120, TimeUnit.SECONDS, 20_000);
        results.uid("lookup").addSink(new ExactlyOnceFileSink<>(out.toString())).uid("sink");
        return env;
    }

    @ParameterizedTest(name = "ordered={0}, parallelism {1} -> {2}, retries={3}")
    @CsvSource({"true, 1, 2, false", "true, 2, 1, false", "false, 1, 2, false", "false, 2, 1, false",
        "true, 1, 2, true", "false, 2, 1, true"})
    void inFlightElementsAreCalledAgainAfterARescaleAndEveryResultIsCommittedOnce(boolean ordered, int before, int after,
            boolean retries, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        String first = "first-" + ordered + before + after + retries;
        // With retries, the held elements are answered empty and retried every 20 ms until the checkpoint: it holds
        // them as in flight, and the second run calls them afresh.
        AsyncRetryStrategy<String> retry = retries ? new AsyncRetryStrategies.FixedDelayRetryStrategyBuilder<String>(
                Integer.MAX_VALUE, 20).ifResult(RetryPredicates.EMPTY_RESULT_PREDICATE).build() : null;
        CompletedCheckpoint checkpoint;
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.checkpointDirectory(dir.resolve("checkpoints"));
            runner.start(job(before, new Lookup(first, true, retries, 7), ordered, 3_000, out, retry));
            await().atMost(Duration.ofSeconds(60)).until(() -> CALLS.get(first).get() >= 400);
            checkpoint = runner.triggerCheckpoint().get(60, TimeUnit.SECONDS);
            assertThat(runner.failures()).isEmpty();
            runner.cancelAll();
            assertThat(runner.awaitAll(Duration.ofSeconds(30))).isTrue();

            List<byte[]> inFlight = inFlightItems(CheckpointStorage.readMetadata(Path.of(checkpoint.directory())));
            assertThat(inFlight).as("elements in flight at the checkpoint").isNotEmpty();

            String second = "second-" + ordered + before + after + retries;
            runner.start(job(after, new Lookup(second, false, 8), ordered, 0, out, retry),
                    CheckpointStorage.readMetadata(Path.of(checkpoint.directory())));
            assertThat(runner.awaitAll(Duration.ofSeconds(120))).isTrue();
            assertThat(runner.failures()).isEmpty();
        }
        Map<String, Integer> committed = CommittedFiles.lineCounts(out);
        List<String> wrong = new ArrayList<>();
        for (long i = 0; i < ELEMENTS; i++) {
            Integer times = committed.remove("result-" + i);
            if (times == null || times != 1) {
                wrong.add("result-" + i + " x" + (times == null ? 0 : times));
            }
        }
        assertThat(wrong).as("results not committed exactly once").isEmpty();
        assertThat(committed).as("unexpected results").isEmpty();
    }

    /** The items of the async operator's in-flight list state over all subtasks of a checkpoint. */
    private static List<byte[]> inFlightItems(CompletedCheckpoint checkpoint) {
        List<byte[]> items = new ArrayList<>();
        for (SubtaskSnapshot s : checkpoint.subtasks()) {
            for (OperatorSnapshot o : s.operators()) {
                items.addAll(o.listStates().getOrDefault("async-wait-in-flight", List.of()));
            }
        }
        return items;
    }
}
