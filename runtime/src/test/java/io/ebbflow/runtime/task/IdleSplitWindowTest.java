package io.ebbflow.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.Boundedness;
import io.ebbflow.api.connector.InputStatus;
import io.ebbflow.api.connector.ReaderOutput;
import io.ebbflow.api.connector.Source;
import io.ebbflow.api.connector.SourceReader;
import io.ebbflow.api.connector.SourceReaderContext;
import io.ebbflow.api.connector.SourceSplit;
import io.ebbflow.api.eventtime.BoundedOutOfOrdernessWatermarks;
import io.ebbflow.api.eventtime.WatermarkOutput;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.windowing.TumblingEventTimeWindows;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.testing.CollectSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A keyed event-time window downstream of a source at parallelism 2 whose second subtask reads a split without data
 * (a Kafka partition nobody writes to): with {@code withIdleness} that split, and so its subtask, turns idle and the
 * window fires on the first subtask's watermark, carried through the network with the idle status; without it, the
 * silent split holds every window back. Idleness is measured on a manual clock the test moves.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdleSplitWindowTest {

    static final int RECORDS = 2_000;
    static final AtomicLong CLOCK = new AtomicLong();
    /** Records the reader emitted, and the largest watermark a split's generator emitted. */
    static final AtomicLong EMITTED = new AtomicLong();
    static final AtomicLong LARGEST_WATERMARK = new AtomicLong(Long.MIN_VALUE);

    /** Split a: records with event times 0..1999 ms, all with key "k"; split b: none, ever. Never ends. */
    static final class TwoSplits implements Source<Tuple2<String, Integer>, TwoSplits.Split> {
        record Split(String splitId) implements SourceSplit {
        }

        @Override
        public Boundedness getBoundedness() {
            return Boundedness.CONTINUOUS_UNBOUNDED;
        }

        @Override
        public List<Split> createSplits(int parallelism) {
            return List.of(new Split("a"), new Split("b"));
        }

        @Override
        public SourceReader<Tuple2<String, Integer>, Split> createReader(SourceReaderContext context) {
            return new SourceReader<>() {
                private final List<Split> splits = new ArrayList<>();
                private boolean done;

                @Override
                public void addSplits(List<Split> added) {
                    splits.addAll(added);
                }

                @Override
                public InputStatus pollNext(ReaderOutput<Tuple2<String, Integer>> output) {
                    for (Split s : splits) {
                        ReaderOutput<Tuple2<String, Integer>> out = output.createOutputForSplit(s.splitId());
                        if (s.splitId().equals("a") && !done) {
                            for (int t = 0; t < RECORDS; t++) {
                                out.collect(Tuple2.of("k", 1), t);
                                EMITTED.incrementAndGet();
                            }
                        }
                    }
                    done = true;
                    return InputStatus.NOTHING_AVAILABLE;
                }

                @Override
                public List<Split> snapshotState() {
                    return new ArrayList<>(splits);
                }

                @Override
                public long waitMillis() {
                    return 5;
                }
            };
        }
    }

    /** Watermarks of monotonous timestamps, noting the largest any split emitted. */
    static final class NotedWatermarks extends BoundedOutOfOrdernessWatermarks<Tuple2<String, Integer>> {
        NotedWatermarks() {
            super(Duration.ZERO);
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            super.onPeriodicEmit(watermark -> {
                LARGEST_WATERMARK.accumulateAndGet(watermark, Math::max);
                output.emitWatermark(watermark);
            });
        }
    }

    private static StreamExecutionEnvironment job(boolean idleness, String sink) {
        CLOCK.set(0);
        EMITTED.set(0);
        LARGEST_WATERMARK.set(Long.MIN_VALUE);
        WatermarkStrategy<Tuple2<String, Integer>> strategy = WatermarkStrategy.forGenerator(NotedWatermarks::new);
        if (idleness) {
            // A lambda, not CLOCK::get: the strategy is shipped to the subtasks, the static clock stays shared.
            strategy = strategy.withIdleness(Duration.ofSeconds(5), () -> CLOCK.get());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.setAutoWatermarkInterval(Duration.ofMillis(20));
        env.fromSource(new TwoSplits(), strategy, "two splits")
                .keyBy(t -> t.f0).window(TumblingEventTimeWindows.of(Duration.ofSeconds(1))).sum(1)
                .addSink(new CollectSink<>(sink));
        return env;
    }

    @Test
    void withIdlenessTheSilentSplitTurnsIdleAndTheWindowFires() throws Exception {
        String sink = "idle-windows-" + System.nanoTime();
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.start(job(true, sink));
            await().atMost(Duration.ofSeconds(30)).until(() -> LARGEST_WATERMARK.get() == RECORDS - 2);

            // Time passes for the idleness timers: the silent split (and then the other) turn idle.
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                CLOCK.addAndGet(1_000);
                return !CollectSink.results(sink).isEmpty();
            });

            List<Tuple2<String, Integer>> fired = CollectSink.results(sink);
            assertThat(fired).as("[0, 1 s) fired; [1 s, 2 s) waits for a watermark past 1999")
                    .containsExactly(Tuple2.of("k", 1_000));
            assertThat(runner.failures()).isEmpty();
        }
    }

    @Test
    void withoutIdlenessTheSilentSplitHoldsTheWindowBack() throws Exception {
        String sink = "held-windows-" + System.nanoTime();
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.start(job(false, sink));
            await().atMost(Duration.ofSeconds(30)).until(() -> LARGEST_WATERMARK.get() == RECORDS - 2);
            CLOCK.addAndGet(60_000);

            // Fifty watermark intervals: long enough for the window to fire had anything let it.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> CollectSink.results(sink).isEmpty());
            assertThat(EMITTED.get()).isEqualTo(RECORDS);
            assertThat(runner.failures()).isEmpty();
        }
    }
}
