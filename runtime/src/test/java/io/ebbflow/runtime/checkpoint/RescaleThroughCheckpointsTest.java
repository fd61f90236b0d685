package io.ebbflow.runtime.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.GeneratorSource;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.KeyedProcessFunction;
import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.tuple.Tuple3;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.state.KeyGroups;
import io.ebbflow.runtime.testing.CollectSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classic rescaling check: 42 keys, max parallelism 13, a keyed sum run at parallelism 2, then 4,
 * then 2 again, each run restoring the previous run's checkpoint. Every key's final sum is exact
 * (nothing lost, nothing counted twice) and every key is processed by the subtask the key-group formula
 * predicts at each parallelism.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RescaleThroughCheckpointsTest {

    private static final int KEYS = 42;
    private static final int MAX_PARALLELISM = 13;
    private static final long RECORDS = 300_000;

    /** Keeps a sum per key in keyed state; emits (key, sum so far, subtask index). */
    static final class SumPerKey extends KeyedProcessFunction<Integer, Tuple2<Integer, Long>, Tuple3<Integer, Long, Integer>> {
        private transient ValueState<Long> sum;

        @Override
        public void open(io.ebbflow.api.functions.RuntimeContext context) throws Exception {
            super.open(context);
            sum = context.getState(new ValueStateDescriptor<>("sum", Long.class));
        }

        @Override
        public void processElement(Tuple2<Integer, Long> value, Context ctx, Collector<Tuple3<Integer, Long, Integer>> out)
                throws Exception {
            Long s = sum.value();
            long next = (s == null ? 0 : s) + value.f1;
            sum.update(next);
            out.collect(Tuple3.of(value.f0, next, getRuntimeContext().getIndexOfThisSubtask()));
        }
    }

    private static StreamExecutionEnvironment job(int parallelism, String sink, double rate) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.setMaxParallelism(MAX_PARALLELISM);
        env.fromSource(GeneratorSource.of(i -> Tuple2.of((int) (i % KEYS), i), RECORDS, rate),
                        WatermarkStrategy.<Tuple2<Integer, Long>>noWatermarks(), "numbers").uid("numbers")
                .keyBy(t -> t.f0)
                .process(new SumPerKey()).uid("sum")
                .addSink(new CollectSink<>(sink));
        return env;
    }

    @Test
    void sumsStayExactThroughParallelismTwoFourTwo(@TempDir Path dir) throws Exception {
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.checkpointDirectory(dir);
            CompletedCheckpoint cp1 = runUntilCheckpoint(runner, job(2, "p2-a", 30_000), null, "p2-a");
            CompletedCheckpoint cp2 = runUntilCheckpoint(runner, job(4, "p4", 30_000), cp1, "p4");
            assertThat(cp2.checkpointId()).isGreaterThan(cp1.checkpointId());
            runner.start(job(2, "p2-b", 0), cp2);
            assertThat(runner.awaitAll(Duration.ofSeconds(120))).isTrue();
            assertThat(runner.failures()).isEmpty();
        }
        Map<Integer, Long> expected = new HashMap<>();
        for (long i = 0; i < RECORDS; i++) {
            expected.merge((int) (i % KEYS), i, Long::sum);
        }
        Map<Integer, Long> finalSums = new HashMap<>();
        for (Tuple3<Integer, Long, Integer> t : CollectSink.<Tuple3<Integer, Long, Integer>>results("p2-b")) {
            finalSums.merge(t.f0, t.f1, Math::max);
        }
        assertThat(finalSums).isEqualTo(expected);
        // The last run started from the checkpoint's source positions, not from the beginning (with neither
        // state nor positions restored the sums would also be right).
        assertThat(CollectSink.results("p2-b")).hasSizeLessThan((int) RECORDS);
        checkPlacement("p2-a", 2);
        checkPlacement("p4", 4);
        checkPlacement("p2-b", 2);
    }

    private static CompletedCheckpoint runUntilCheckpoint(LocalJobRunner runner, StreamExecutionEnvironment env,
            CompletedCheckpoint from, String sink) throws Exception {
        runner.start(env, from);
        int before = CollectSink.results(sink).size();
        await().atMost(Duration.ofSeconds(60)).until(() -> CollectSink.results(sink).size() > before + 5_000);
        CompletedCheckpoint cp = runner.triggerCheckpoint().get(60, TimeUnit.SECONDS);
        assertThat(cp.subtasks()).isNotEmpty();
        assertThat(runner.failures()).isEmpty();
        runner.cancelAll();
        assertThat(runner.awaitAll(Duration.ofSeconds(30))).isTrue();
        // What the metadata says is what was written.
        CompletedCheckpoint read = CheckpointStorage.readMetadata(Path.of(cp.directory()));
        assertThat(read.checkpointId()).isEqualTo(cp.checkpointId());
        return read;
    }

    private static void checkPlacement(String sink, int parallelism) {
        List<Tuple3<Integer, Long, Integer>> out = CollectSink.results(sink);
        assertThat(out).isNotEmpty();
        for (Tuple3<Integer, Long, Integer> t : out) {
            assertThat(t.f2).as("subtask of key %s at parallelism %s", t.f0, parallelism)
                    .isEqualTo(KeyGroups.operatorIndexForKey(t.f0, MAX_PARALLELISM, parallelism));
        }
    }
}
