package io.ebbflow.runtime.twoinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.GeneratorSource;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.KeyedCoProcessFunction;
import io.ebbflow.api.functions.ProcessJoinFunction;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.tuple.Tuple3;
import io.ebbflow.runtime.checkpoint.CheckpointStorage;
import io.ebbflow.runtime.checkpoint.CompletedCheckpoint;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.state.KeyGroups;
import io.ebbflow.runtime.testing.CollectSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stateful two-input operators checkpointed at one parallelism and restored at another: nothing lost,
 * nothing counted twice, every key on the subtask the key-group formula names at the new parallelism.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TwoInputRescaleTest {

    private static final int KEYS = 42;
    private static final int MAX_PARALLELISM = 13;
    private static final long RECORDS = 60_000;

    /** A sum per key over both inputs (the second weighs 1000 times more); emits (key, sum so far, subtask). */
    static final class SumOfBoth extends KeyedCoProcessFunction<Integer, Tuple2<Integer, Long>, Tuple2<Integer, Long>,
            Tuple3<Integer, Long, Integer>> {
        private transient ValueState<Long> sum;

        @Override
        public void open(RuntimeContext context) throws Exception {
            super.open(context);
            sum = context.getState(new ValueStateDescriptor<>("sum", Long.class));
        }

        @Override
        public void processElement1(Tuple2<Integer, Long> value, Context ctx, Collector<Tuple3<Integer, Long, Integer>> out)
                throws Exception {
            add(value.f0, value.f1, out);
        }

        @Override
        public void processElement2(Tuple2<Integer, Long> value, Context ctx, Collector<Tuple3<Integer, Long, Integer>> out)
                throws Exception {
            add(value.f0, 1000 * value.f1, out);
        }

        private void add(int key, long amount, Collector<Tuple3<Integer, Long, Integer>> out) throws Exception {
            Long s = sum.value();
            long next = (s == null ? 0 : s) + amount;
            sum.update(next);
            out.collect(Tuple3.of(key, next, getRuntimeContext().getIndexOfThisSubtask()));
        }
    }

    private static StreamExecutionEnvironment keyedCoProcessJob(int parallelism, String sink, double rate) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.setMaxParallelism(MAX_PARALLELISM);
        var one = env.fromSource(GeneratorSource.of(i -> Tuple2.of((int) (i % KEYS), i), RECORDS, rate),
                WatermarkStrategy.<Tuple2<Integer, Long>>noWatermarks(), "one").uid("one");
        var two = env.fromSource(GeneratorSource.of(i -> Tuple2.of((int) ((i * 5) % KEYS), i), RECORDS / 2, rate / 2),
                WatermarkStrategy.<Tuple2<Integer, Long>>noWatermarks(), "two").uid("two");
        one.connect(two).keyBy(t -> t.f0, t -> t.f0).process(new SumOfBoth()).uid("sum-of-both")
                .addSink(new CollectSink<>(sink));
        return env;
    }

    @Test
    void keyedCoProcessStateRestoresAtTwoThenThreeThenOne(@TempDir Path dir) throws Exception {
        List<Tuple3<Integer, Long, Integer>> last = rescaleThrough(dir, (p) -> keyedCoProcessJob(p, "kcp-" + p, p == 1 ? 0 : 20_000),
                "kcp-");
        Map<Integer, Long> expected = new HashMap<>();
        for (long i = 0; i < RECORDS; i++) {
            expected.merge((int) (i % KEYS), i, Long::sum);
        }
        for (long i = 0; i < RECORDS / 2; i++) {
            expected.merge((int) ((i * 5) % KEYS), 1000 * i, Long::sum);
        }
        Map<Integer, Long> finalSums = new HashMap<>();
        for (Tuple3<Integer, Long, Integer> t : last) {
            finalSums.merge(t.f0, t.f1, Math::max);
        }
        assertThat(finalSums).isEqualTo(expected);
        assertThat(last).hasSizeLessThan((int) (RECORDS + RECORDS / 2));
        for (String run : List.of("kcp-2", "kcp-3", "kcp-1")) {
            int p = run.charAt(4) - '0';
            for (Tuple3<Integer, Long, Integer> t : CollectSink.<Tuple3<Integer, Long, Integer>>results(run)) {
                assertThat(t.f2).as("subtask of key %s at parallelism %s", t.f0, p)
                        .isEqualTo(KeyGroups.operatorIndexForKey(t.f0, MAX_PARALLELISM, p));
            }
        }
    }

    private static StreamExecutionEnvironment keyedBroadcastJob(int parallelism, String sink, double rate) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.setMaxParallelism(MAX_PARALLELISM);
        var values = env.fromSource(GeneratorSource.of(i -> Tuple2.of((int) (i % KEYS), i), RECORDS, rate),
                WatermarkStrategy.<Tuple2<Integer, Long>>noWatermarks(), "values").uid("values");
        var factors = env.fromSource(GeneratorSource.of(r -> Tuple2.of((int) r, 2 + r), 5, 0),
                WatermarkStrategy.<Tuple2<Integer, Long>>noWatermarks(), "factors").uid("factors").setParallelism(1);
        values.keyBy(t -> t.f0).connect(factors.broadcast(BroadcastStateTest.FACTORS))
                .process(new BroadcastStateTest.KeyedMultiply()).uid("multiply")
                .addSink(new CollectSink<>(sink));
        return env;
    }

    /**
     * The factors are read once, in the first run; after each restore (at 3, then 1) only the restored broadcast
     * state knows them, in every subtask, or values would wait for ever and the sums fall short.
     */
    @Test
    void broadcastStateIsRestoredToEverySubtaskAtAnyParallelism(@TempDir Path dir) throws Exception {
        List<Tuple2<Integer, Long>> last = rescaleThrough(dir, p -> keyedBroadcastJob(p, "kb-" + p, p == 1 ? 0 : 20_000), "kb-");
        Map<Integer, Long> expected = new HashMap<>();
        for (long i = 0; i < RECORDS; i++) {
            expected.merge((int) (i % KEYS), i * (2 + (i % KEYS) % 5), Long::sum);
        }
        Map<Integer, Long> finalSums = new HashMap<>();
        for (Tuple2<Integer, Long> t : last) {
            finalSums.merge(t.f0, t.f1, Math::max);
        }
        assertThat(finalSums).isEqualTo(expected);
    }

    private static final long LOWER = -50;
    private static final long UPPER = 45;

    private static StreamExecutionEnvironment intervalJoinJob(int parallelism, String sink, double rate) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.setMaxParallelism(MAX_PARALLELISM);
        WatermarkStrategy<Tuple2<Integer, Long>> byValue = WatermarkStrategy.<Tuple2<Integer, Long>>forMonotonousTimestamps()
                .withTimestampAssigner((t, ts) -> t.f1);
        var left = env.fromSource(GeneratorSource.of(i -> Tuple2.of((int) (i % KEYS), i), RECORDS, rate), byValue, "left")
                .uid("left");
        var right = env.fromSource(GeneratorSource.of(i -> Tuple2.of((int) (i % KEYS), i), RECORDS, rate), byValue, "right")
                .uid("right");
        left.keyBy(t -> t.f0).intervalJoin(right.keyBy(t -> t.f0))
                .between(Duration.ofMillis(LOWER), Duration.ofMillis(UPPER))
                .process(new ProcessJoinFunction<Tuple2<Integer, Long>, Tuple2<Integer, Long>, Tuple2<Integer, Long>>() {
                    @Override
                    public void processElement(Tuple2<Integer, Long> l, Tuple2<Integer, Long> r, Context ctx,
                            Collector<Tuple2<Integer, Long>> out) {
                        out.collect(Tuple2.of(l.f0, l.f1 * 100_000 + r.f1));
                    }
                }).uid("interval-join")
                .keyBy(t -> t.f0).reduce((a, b) -> Tuple2.of(a.f0, a.f1 + b.f1)).uid("pair-sum")
                .addSink(new CollectSink<>(sink));
        return env;
    }

    /** Buffered records and their clean-up timers restore by key group: every pair is counted exactly once. */
    @Test
    void intervalJoinBuffersAndTimersRestoreAtAnyParallelism(@TempDir Path dir) throws Exception {
        List<Tuple2<Integer, Long>> last = rescaleThrough(dir, p -> intervalJoinJob(p, "ij-" + p, p == 1 ? 0 : 20_000), "ij-");
        Map<Integer, Long> expected = new HashMap<>();
        for (long i = 0; i < RECORDS; i++) {
            for (long j = Math.max(0, i + LOWER); j <= Math.min(RECORDS - 1, i + UPPER); j++) {
                if (i % KEYS == j % KEYS) {
                    expected.merge((int) (i % KEYS), i * 100_000 + j, Long::sum);
                }
            }
        }
        Map<Integer, Long> finalSums = new HashMap<>();
        for (Tuple2<Integer, Long> t : last) {
            finalSums.merge(t.f0, t.f1, Math::max);
        }
        assertThat(finalSums).isEqualTo(expected);
    }

    /**
     * Runs the job at parallelism 2 until a checkpoint, restores it at 3 until another, then restores that at 1
     * and runs it to the end; returns what the last run's sink (prefix + "1") collected.
     */
    static <T> List<T> rescaleThrough(Path dir, IntFunction<StreamExecutionEnvironment> job, String sinkPrefix) throws Exception {
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.checkpointDirectory(dir);
            CompletedCheckpoint cp1 = runUntilCheckpoint(runner, job.apply(2), null, sinkPrefix + 2);
            CompletedCheckpoint cp2 = runUntilCheckpoint(runner, job.apply(3), cp1, sinkPrefix + 3);
            runner.start(job.apply(1), cp2);
            assertThat(runner.awaitAll(Duration.ofSeconds(120))).isTrue();
            assertThat(runner.failures()).isEmpty();
        }
        return CollectSink.results(sinkPrefix + 1);
    }

    private static CompletedCheckpoint runUntilCheckpoint(LocalJobRunner runner, StreamExecutionEnvironment env,
            CompletedCheckpoint from, String sink) throws Exception {
        runner.start(env, from);
        await().atMost(Duration.ofSeconds(60)).until(() -> CollectSink.results(sink).size() > 3_000);
        CompletedCheckpoint cp = runner.triggerCheckpoint().get(60, TimeUnit.SECONDS);
        assertThat(runner.failures()).isEmpty();
        runner.cancelAll();
        assertThat(runner.awaitAll(Duration.ofSeconds(30))).isTrue();
        return CheckpointStorage.readMetadata(Path.of(cp.directory()));
    }
}
