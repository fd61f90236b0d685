package io.ebbflow.runtime.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.GeneratorSource;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.KeyedProcessFunction;
import io.ebbflow.api.functions.OpenContext;
import io.ebbflow.api.functions.ProcessWindowFunction;
import io.ebbflow.api.state.MapState;
import io.ebbflow.api.state.MapStateDescriptor;
import io.ebbflow.api.state.StateTtlConfig;
import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.tuple.Tuple3;
import io.ebbflow.api.windowing.EventTimeSessionWindows;
import io.ebbflow.api.windowing.TimeWindow;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.testing.CollectSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session windows (merging window state, the merging window set, merged trigger timers) and state with a
 * TTL survive a checkpoint taken mid-stream and a restore at another parallelism: the results are exactly
 * what the input gives.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SessionAndTtlRescaleTest {

    private static final int KEYS = 20;
    private static final long RECORDS = 60_000;
    private static final long BLOCK = 1_000;
    private static final long GAP = 100;

    /** Record i: key i mod 20, event time in blocks of 1 000 records 1 ms apart, blocks 10 s apart. */
    static Tuple2<Integer, Long> record(long i) {
        return Tuple2.of((int) (i % KEYS), (i / BLOCK) * 10_000 + i % BLOCK);
    }

    /** (key, session start, session end, count). */
    static final class Describe extends ProcessWindowFunction<Tuple2<Integer, Long>, String, Integer, TimeWindow> {
        @Override
        public void process(Integer key, Context ctx, Iterable<Tuple2<Integer, Long>> elements, Collector<String> out) {
            long n = 0;
            for (Tuple2<Integer, Long> ignored : elements) {
                n++;
            }
            out.collect(key + " [" + ctx.window().getStart() + ", " + ctx.window().getEnd() + ") " + n);
        }
    }

    private static StreamExecutionEnvironment sessions(int parallelism, String sink, double rate) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.setMaxParallelism(16);
        env.fromSource(GeneratorSource.of(SessionAndTtlRescaleTest::record, RECORDS, rate),
                        WatermarkStrategy.<Tuple2<Integer, Long>>forMonotonousTimestamps().withTimestampAssigner((t, ts) -> t.f1),
                        "records").uid("records").setParallelism(1)
                .keyBy(t -> t.f0)
                .window(EventTimeSessionWindows.withGap(Duration.ofMillis(GAP)))
                .process(new Describe()).uid("sessions")
                .addSink(new CollectSink<>(sink));
        return env;
    }

    @Test
    void sessionWindowsRestoreAtAnotherParallelism(@TempDir Path dir) throws Exception {
        Set<String> results = new HashSet<>();
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.checkpointDirectory(dir);
            CompletedCheckpoint cp = checkpointMidStream(runner, sessions(2, "sessions-a", 15_000), "sessions-a", 2);
            results.addAll(CollectSink.results("sessions-a"));
            runner.start(sessions(3, "sessions-b", 0), cp);
            assertThat(runner.awaitAll(Duration.ofSeconds(120))).isTrue();
            assertThat(runner.failures()).isEmpty();
        }
        assertThat(CollectSink.results("sessions-b")).as("sessions completed after the restore").isNotEmpty();
        results.addAll(CollectSink.results("sessions-b"));
        Set<String> expected = new HashSet<>();
        for (long block = 0; block < RECORDS / BLOCK; block++) {
            for (int key = 0; key < KEYS; key++) {
                long first = block * 10_000 + key;
                long last = block * 10_000 + (BLOCK - KEYS) + key;
                expected.add(key + " [" + first + ", " + (last + GAP) + ") " + BLOCK / KEYS);
            }
        }
        // Every session once with its full count: a session cut by the checkpoint was restored whole (merged
        // state and window set), and nothing else (a lost or half-restored session would add a wrong count).
        assertThat(results).isEqualTo(expected);
    }

    /** Counts per key in TTL value state and a TTL map state; emits (key, count, map size). */
    static final class CountWithTtl extends KeyedProcessFunction<Integer, Tuple2<Integer, Long>, Tuple3<Integer, Long, Integer>> {
        private transient ValueState<Long> count;
        private transient MapState<Long, Long> perBlock;

        @Override
        public void open(OpenContext openContext) {
            StateTtlConfig ttl = StateTtlConfig.newBuilder(Duration.ofHours(1))
                    .setUpdateType(StateTtlConfig.UpdateType.OnReadAndWrite).cleanupFullSnapshot().build();
            ValueStateDescriptor<Long> c = new ValueStateDescriptor<>("count", Long.class);
            c.enableTimeToLive(ttl);
            MapStateDescriptor<Long, Long> m = new MapStateDescriptor<>("per-block", Long.class, Long.class);
            m.enableTimeToLive(ttl);
            count = getRuntimeContext().getState(c);
            perBlock = getRuntimeContext().getMapState(m);
        }

        @Override
        public void processElement(Tuple2<Integer, Long> value, Context ctx, Collector<Tuple3<Integer, Long, Integer>> out)
                throws Exception {
            long n = count.value() == null ? 1 : count.value() + 1;
            count.update(n);
            long block = value.f1 / 10_000;
            Long b = perBlock.get(block);
            perBlock.put(block, b == null ? 1 : b + 1);
            int blocks = 0;
            for (Long ignored : perBlock.keys()) {
                blocks++;
            }
            out.collect(Tuple3.of(value.f0, n, blocks));
        }
    }

    private static StreamExecutionEnvironment ttlJob(int parallelism, String sink, double rate) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.setMaxParallelism(16);
        env.fromSource(GeneratorSource.of(SessionAndTtlRescaleTest::record, RECORDS, rate),
                        WatermarkStrategy.<Tuple2<Integer, Long>>noWatermarks(), "records").uid("records").setParallelism(1)
                .keyBy(t -> t.f0)
                .process(new CountWithTtl()).uid("counts")
                .addSink(new CollectSink<>(sink));
        return env;
    }

    @Test
    void stateWithATtlRestoresAtAnotherParallelism(@TempDir Path dir) throws Exception {
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.checkpointDirectory(dir);
            CompletedCheckpoint cp = checkpointMidStream(runner, ttlJob(3, "ttl-a", 15_000), "ttl-a", 3);
            runner.start(ttlJob(2, "ttl-b", 0), cp);
            assertThat(runner.awaitAll(Duration.ofSeconds(120))).isTrue();
            assertThat(runner.failures()).isEmpty();
        }
        Map<Integer, Long> finalCounts = new HashMap<>();
        Map<Integer, Integer> finalBlocks = new HashMap<>();
        for (Tuple3<Integer, Long, Integer> t : CollectSink.<Tuple3<Integer, Long, Integer>>results("ttl-b")) {
            finalCounts.merge(t.f0, t.f1, Math::max);
            finalBlocks.merge(t.f0, t.f2, Math::max);
        }
        Map<Integer, Long> expected = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            expected.put(k, RECORDS / KEYS);
        }
        assertThat(finalCounts).isEqualTo(expected);
        assertThat(finalBlocks).allSatisfy((k, n) -> assertThat(n).isEqualTo((int) (RECORDS / BLOCK)));
        assertThat(CollectSink.results("ttl-b")).as("the second run started from the checkpoint").hasSizeLessThan((int) RECORDS);
    }

    private static CompletedCheckpoint checkpointMidStream(LocalJobRunner runner, StreamExecutionEnvironment env, String sink,
            int minResults) throws Exception {
        runner.start(env);
        await().atMost(Duration.ofSeconds(60)).until(() -> CollectSink.results(sink).size() >= minResults);
        CompletedCheckpoint cp = runner.triggerCheckpoint().get(60, TimeUnit.SECONDS);
        assertThat(runner.failures()).isEmpty();
        runner.cancelAll();
        assertThat(runner.awaitAll(Duration.ofSeconds(30))).isTrue();
        return CheckpointStorage.readMetadata(Path.of(cp.directory()));
    }
}
