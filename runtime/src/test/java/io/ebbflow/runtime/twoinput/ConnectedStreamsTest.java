package io.ebbflow.runtime.twoinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.DataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.GeneratorSource;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.CoFlatMapFunction;
import io.ebbflow.api.functions.CoMapFunction;
import io.ebbflow.api.functions.CoProcessFunction;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.KeyedCoProcessFunction;
import io.ebbflow.api.functions.RichCoFlatMapFunction;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.state.MapState;
import io.ebbflow.api.state.MapStateDescriptor;
import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.tuple.Tuple4;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.state.KeyGroups;
import io.ebbflow.runtime.testing.CollectSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** connect(..): co-map, co-flatMap, co-process and keyed co-process jobs on the local runner, two TaskExecutors. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectedStreamsTest {

    private static void run(StreamExecutionEnvironment env) throws Exception {
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.start(env);
            assertThat(runner.awaitAll(Duration.ofSeconds(90))).isTrue();
            assertThat(runner.failures()).isEmpty();
        }
    }

    @Test
    void coMapSeesEveryRecordOfBothInputsOnce() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<Long> numbers = env.fromSequence(1, 5_000);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            words.add("w" + i);
        }
        numbers.connect(env.fromCollection(words))
                .map(new CoMapFunction<Long, String, String>() {
                    @Override
                    public String map1(Long value) {
                        return "n" + value;
                    }

                    @Override
                    public String map2(String value) {
                        return "s" + value;
                    }
                })
                .addSink(new CollectSink<>("co-map"));
        run(env);
        List<String> expected = new ArrayList<>();
        for (long i = 1; i <= 5_000; i++) {
            expected.add("n" + i);
        }
        words.forEach(w -> expected.add("s" + w));
        assertThat(CollectSink.<String>results("co-map")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void coFlatMapAndCoProcessSeeTheirInputsAndTimestamps() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(3);
        DataStream<Long> a = env.fromSequence(1, 2_000)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((v, ts) -> v * 10));
        DataStream<Integer> b = env.fromSequence(1, 300).map(Long::intValue);
        a.connect(b).flatMap(new CoFlatMapFunction<Long, Integer, Long>() {
            @Override
            public void flatMap1(Long value, Collector<Long> out) {
                if (value % 2 == 0) {
                    out.collect(value);
                }
            }

            @Override
            public void flatMap2(Integer value, Collector<Long> out) {
                out.collect(-value.longValue());
                out.collect(-value.longValue());
            }
        }).addSink(new CollectSink<>("co-flat"));
        a.connect(b).process(new CoProcessFunction<Long, Integer, String>() {
            @Override
            public void processElement1(Long value, Context ctx, Collector<String> out) {
                out.collect("a" + value + "@" + ctx.timestamp());
            }

            @Override
            public void processElement2(Integer value, Context ctx, Collector<String> out) {
                out.collect("b" + value + "@" + ctx.timestamp());
            }
        }).addSink(new CollectSink<>("co-process"));
        run(env);
        List<Long> flat = new ArrayList<>();
        List<String> processed = new ArrayList<>();
        for (long i = 1; i <= 2_000; i++) {
            if (i % 2 == 0) {
                flat.add(i);
            }
            processed.add("a" + i + "@" + (i * 10));
        }
        for (long i = 1; i <= 300; i++) {
            flat.add(-i);
            flat.add(-i);
            processed.add("b" + i + "@null");
        }
        assertThat(CollectSink.<Long>results("co-flat")).containsExactlyInAnyOrderElementsOf(flat);
        assertThat(CollectSink.<String>results("co-process")).containsExactlyInAnyOrderElementsOf(processed);
    }

    /**
     * Per key and 1-second event-time bucket, sums records of both inputs into keyed map state and emits each
     * bucket once, from an event-time timer at its end: (key, bucket end, sum, subtask). A bucket emitted before
     * the slower input's records of that bucket arrived would be emitted again, so the exact expected output
     * holds only if the operator's watermark is the minimum over both inputs.
     */
    static final class BucketSums extends KeyedCoProcessFunction<Integer, Tuple2<Integer, Long>, Tuple2<Integer, Long>,
            Tuple4<Integer, Long, Long, Integer>> {
        private transient MapState<Long, Long> sums;

        @Override
        public void open(RuntimeContext context) throws Exception {
            super.open(context);
            sums = context.getMapState(new MapStateDescriptor<>("sums", Long.class, Long.class));
        }

        @Override
        public void processElement1(Tuple2<Integer, Long> value, Context ctx, Collector<Tuple4<Integer, Long, Long, Integer>> out)
                throws Exception {
            add(value.f1, ctx);
        }

        @Override
        public void processElement2(Tuple2<Integer, Long> value, Context ctx, Collector<Tuple4<Integer, Long, Long, Integer>> out)
                throws Exception {
            add(1000 * value.f1, ctx);
        }

        private void add(long amount, Context ctx) throws Exception {
            long end = bucketEnd(ctx.timestamp());
            Long s = sums.get(end);
            sums.put(end, (s == null ? 0 : s) + amount);
            ctx.timerService().registerEventTimeTimer(end);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Tuple4<Integer, Long, Long, Integer>> out)
                throws Exception {
            out.collect(Tuple4.of(ctx.getCurrentKey(), timestamp, sums.get(timestamp), getRuntimeContext().getIndexOfThisSubtask()));
            sums.remove(timestamp);
        }
    }

    static long bucketEnd(long timestamp) {
        return timestamp - Math.floorMod(timestamp, 1000) + 999;
    }

    @ParameterizedTest(name = "input 1 at {0} records/s")
    @ValueSource(ints = {0, 20_000})
    void keyedCoProcessSharesStateAndTimersPerKeyAndWaitsForTheSlowerInput(int rate) throws Exception {
        int keys = 17;
        long n1 = 20_000;
        long n2 = 3_000;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.setMaxParallelism(16);
        // Input 1 is fast (or throttled), input 2 throttled: their watermarks advance at different speeds.
        DataStream<Tuple2<Integer, Long>> one = env.fromSource(GeneratorSource.of(i -> Tuple2.of((int) (i % keys), i), n1, rate),
                WatermarkStrategy.<Tuple2<Integer, Long>>forMonotonousTimestamps().withTimestampAssigner((t, ts) -> t.f1), "one");
        DataStream<Tuple2<Integer, Long>> two = env.fromSource(GeneratorSource.of(i -> Tuple2.of((int) (i % keys), i * 7), n2,
                rate == 0 ? 10_000 : 0), WatermarkStrategy.<Tuple2<Integer, Long>>forMonotonousTimestamps()
                        .withTimestampAssigner((t, ts) -> t.f1), "two");
        one.connect(two).keyBy(t -> t.f0, t -> t.f0).process(new BucketSums()).setParallelism(3)
                .addSink(new CollectSink<>("keyed-co-" + rate));
        run(env);

        Map<List<Long>, Long> expected = new HashMap<>();
        for (long i = 0; i < n1; i++) {
            expected.merge(List.of(i % keys, bucketEnd(i)), i, Long::sum);
        }
        for (long i = 0; i < n2; i++) {
            expected.merge(List.of(i % keys, bucketEnd(i * 7)), 1000 * i * 7, Long::sum);
        }
        Map<List<Long>, Long> actual = new HashMap<>();
        for (Tuple4<Integer, Long, Long, Integer> t : CollectSink.<Tuple4<Integer, Long, Long, Integer>>results("keyed-co-" + rate)) {
            assertThat(actual.put(List.of(t.f0.longValue(), t.f1), t.f2)).as("bucket %s of key %s emitted once", t.f1, t.f0).isNull();
            assertThat(t.f3).as("subtask of key %s", t.f0).isEqualTo(KeyGroups.operatorIndexForKey(t.f0, 16, 3));
        }
        assertThat(actual).isEqualTo(expected);
    }

    /** Counts each key's records of both inputs in keyed state, in a rich co-flatMap on keyed connected streams. */
    static final class CountBoth extends RichCoFlatMapFunction<Long, String, Tuple2<Long, Long>> {
        private transient ValueState<Long> count;

        @Override
        public void open(RuntimeContext context) throws Exception {
            super.open(context);
            count = context.getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void flatMap1(Long value, Collector<Tuple2<Long, Long>> out) throws Exception {
            bump(value % 10, out);
        }

        @Override
        public void flatMap2(String value, Collector<Tuple2<Long, Long>> out) throws Exception {
            bump(Long.parseLong(value) % 10, out);
        }

        private void bump(long key, Collector<Tuple2<Long, Long>> out) throws Exception {
            Long c = count.value();
            long next = (c == null ? 0 : c) + 1;
            count.update(next);
            out.collect(Tuple2.of(key, next));
        }
    }

    @Test
    void aRichCoFlatMapOnKeyedConnectedStreamsKeepsStatePerKeyOverBothInputs() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(3);
        DataStream<String> words = env.fromSequence(1, 1_500).map(String::valueOf);
        env.fromSequence(1, 4_000).connect(words)
                .keyBy(v -> v % 10, w -> Long.parseLong(w) % 10)
                .flatMap(new CountBoth())
                .addSink(new CollectSink<>("keyed-co-flat"));
        run(env);
        Map<Long, Long> expected = new HashMap<>();
        for (long v = 1; v <= 4_000; v++) {
            expected.merge(v % 10, 1L, Long::sum);
        }
        for (long v = 1; v <= 1_500; v++) {
            expected.merge(v % 10, 1L, Long::sum);
        }
        List<Tuple2<Long, Long>> counts = CollectSink.results("keyed-co-flat");
        assertThat(counts).hasSize(5_500);
        Map<Long, Long> finals = new HashMap<>();
        counts.forEach(t -> finals.merge(t.f0, t.f1, Math::max));
        assertThat(finals).isEqualTo(expected);
    }

    @Test
    void aTimerInANonKeyedCoProcessFunctionFailsTheJobSayingWhy() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSequence(1, 10).connect(env.fromSequence(1, 10)).process(new CoProcessFunction<Long, Long, Long>() {
            @Override
            public void processElement1(Long value, Context ctx, Collector<Long> out) {
                ctx.timerService().registerEventTimeTimer(value);
            }

            @Override
            public void processElement2(Long value, Context ctx, Collector<Long> out) {
            }
        }).addSink(new CollectSink<>("co-timer"));
        try (LocalJobRunner runner = new LocalJobRunner(1)) {
            runner.start(env);
            runner.awaitAll(Duration.ofSeconds(60));
            assertThat(runner.failures().values()).anySatisfy(t ->
                    assertThat(t).hasStackTraceContaining("timers need keyed inputs and a KeyedCoProcessFunction"));
        }
    }
}
