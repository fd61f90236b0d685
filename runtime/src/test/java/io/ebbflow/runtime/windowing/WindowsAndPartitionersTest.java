package io.ebbflow.runtime.windowing;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.AllWindowFunction;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.OpenContext;
import io.ebbflow.api.functions.ProcessAllWindowFunction;
import io.ebbflow.api.functions.RichMapFunction;
import io.ebbflow.api.functions.WindowFunction;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.windowing.EventTimeSessionWindows;
import io.ebbflow.api.windowing.GlobalWindow;
import io.ebbflow.api.windowing.TimeWindow;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.testing.CollectSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Non-keyed and count windows, the partitioners and Flink 2.x spellings, as whole jobs on the local runner. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WindowsAndPartitionersTest {

    private static void run(StreamExecutionEnvironment env) throws Exception {
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.start(env);
            assertThat(runner.awaitAll(Duration.ofSeconds(60))).isTrue();
            assertThat(runner.failures()).isEmpty();
        }
    }

    /** (count, sum) of a window, and the subtask that evaluated it. */
    static final class CountAndSum implements AllWindowFunction<Long, Tuple2<Long, Long>, GlobalWindow> {
        @Override
        public void apply(GlobalWindow window, Iterable<Long> values, Collector<Tuple2<Long, Long>> out) {
            long n = 0;
            long sum = 0;
            for (long v : values) {
                n++;
                sum += v;
            }
            out.collect(Tuple2.of(n, sum));
        }
    }

    @Test
    void countWindowAllGathersTheWholeStreamIntoWindowsOfNRecords() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromSequence(1, 1_000).map(v -> v * 3).countWindowAll(10).apply(new CountAndSum())
                .addSink(new CollectSink<>("count-all"));
        run(env);
        List<Tuple2<Long, Long>> windows = CollectSink.results("count-all");
        assertThat(windows).hasSize(100).allSatisfy(w -> assertThat(w.f0).isEqualTo(10L));
        assertThat(windows.stream().mapToLong(w -> w.f1).sum()).isEqualTo(3L * 1_000 * 1_001 / 2);
    }

    /** Sum of a key's window. */
    static final class SumWindow implements WindowFunction<Tuple2<Integer, Long>, Long, Integer, GlobalWindow> {
        @Override
        public void apply(Integer key, GlobalWindow window, Iterable<Tuple2<Integer, Long>> input, Collector<Long> out) {
            long sum = 0;
            for (Tuple2<Integer, Long> t : input) {
                sum += t.f1;
            }
            out.collect(key * 1_000_000L + sum);
        }
    }

    @Test
    void slidingCountWindowsEvaluateEachKeysLastNRecordsEverySlide() throws Exception {
        Random random = new Random(11);
        List<Tuple2<Integer, Long>> input = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            input.add(Tuple2.of(random.nextInt(5), (long) random.nextInt(100)));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromData(input).keyBy(t -> t.f0).countWindow(3, 2).apply(new SumWindow())
                .addSink(new CollectSink<>("count-sliding"));
        run(env);
        Map<Integer, List<Long>> perKey = new HashMap<>();
        List<Long> expected = new ArrayList<>();
        for (Tuple2<Integer, Long> t : input) {
            List<Long> seen = perKey.computeIfAbsent(t.f0, k -> new ArrayList<>());
            seen.add(t.f1);
            if (seen.size() % 2 == 0) { // fires every 2nd record of the key, over its last (up to) 3
                long sum = 0;
                for (int i = Math.max(0, seen.size() - 3); i < seen.size(); i++) {
                    sum += seen.get(i);
                }
                expected.add(t.f0 * 1_000_000L + sum);
            }
        }
        assertThat(CollectSink.<Long>results("count-sliding")).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** "[start, end) count" of a non-keyed session. */
    static final class Session extends ProcessAllWindowFunction<Long, String, TimeWindow> {
        @Override
        public void process(Context ctx, Iterable<Long> elements, Collector<String> out) {
            int n = 0;
            for (Long ignored : elements) {
                n++;
            }
            out.collect("[" + ctx.window().getStart() + ", " + ctx.window().getEnd() + ") " + n);
        }
    }

    @Test
    void sessionWindowsOverTheWholeStreamMergeAcrossAllRecords() throws Exception {
        // Timestamps in bursts of 50 records 1 ms apart, bursts 1 000 ms apart: one session per burst.
        List<Long> times = new ArrayList<>();
        for (long burst = 0; burst < 6; burst++) {
            for (long i = 0; i < 50; i++) {
                times.add(burst * 1_000 + i);
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromData(times)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((t, r) -> t))
                .windowAll(EventTimeSessionWindows.withGap(Duration.ofMillis(100)))
                .process(new Session())
                .addSink(new CollectSink<>("session-all"));
        run(env);
        List<String> expected = new ArrayList<>();
        for (long burst = 0; burst < 6; burst++) {
            expected.add("[" + burst * 1_000 + ", " + (burst * 1_000 + 49 + 100) + ") 50");
        }
        assertThat(CollectSink.<String>results("session-all")).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** (producer subtask, value): tags a record with the subtask it passed. */
    static final class TagSubtask extends RichMapFunction<Long, Tuple2<Integer, Long>> {
        private transient int subtask = -1;

        @Override
        public void open(OpenContext openContext) { // Flink 2.x's spelling
            subtask = getRuntimeContext().getIndexOfThisSubtask();
        }

        @Override
        public Tuple2<Integer, Long> map(Long value) {
            return Tuple2.of(subtask, value);
        }
    }

    /** (producer subtask, consumer subtask) of each record. */
    static final class Consumer extends RichMapFunction<Tuple2<Integer, Long>, Tuple2<Integer, Integer>> {
        @Override
        public Tuple2<Integer, Integer> map(Tuple2<Integer, Long> value) {
            return Tuple2.of(value.f0, getRuntimeContext().getIndexOfThisSubtask());
        }
    }

    private static List<Tuple2<Integer, Integer>> route(String sink, int producers, int consumers,
            java.util.function.Function<io.ebbflow.api.DataStream<Tuple2<Integer, Long>>, io.ebbflow.api.DataStream<Tuple2<Integer, Long>>> partition)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(producers);
        partition.apply(env.fromSequence(1, 4_000).map(new TagSubtask())).map(new Consumer()).setParallelism(consumers)
                .addSink(new CollectSink<>(sink)).setParallelism(consumers);
        run(env);
        List<Tuple2<Integer, Integer>> routes = CollectSink.results(sink);
        assertThat(routes).hasSize(4_000);
        assertThat(routes).allSatisfy(r -> assertThat(r.f0).as("open(OpenContext) ran").isBetween(0, producers - 1));
        return routes;
    }

    @Test
    void rescaleFeedsEachProducersShareOfTheConsumers() throws Exception {
        List<Tuple2<Integer, Integer>> up = route("rescale-up", 2, 4, s -> s.rescale());
        assertThat(up).allSatisfy(r -> assertThat(r.f1 / 2).as("producer %s feeds consumers %s and %s", r.f0, 2 * r.f0,
                2 * r.f0 + 1).isEqualTo(r.f0));
        assertThat(up.stream().map(r -> r.f1).distinct()).hasSize(4);
        List<Tuple2<Integer, Integer>> down = route("rescale-down", 4, 2, s -> s.rescale());
        assertThat(down).allSatisfy(r -> assertThat(r.f1).isEqualTo(r.f0 / 2));
    }

    @Test
    void globalSendsEverythingToTheFirstSubtaskAndShuffleSpreadsIt() throws Exception {
        assertThat(route("global", 2, 3, s -> s.global())).allSatisfy(r -> assertThat(r.f1).isZero());
        List<Tuple2<Integer, Integer>> shuffled = route("shuffle", 2, 3, s -> s.shuffle());
        Map<Integer, Long> perConsumer = new HashMap<>();
        shuffled.forEach(r -> perConsumer.merge(r.f1, 1L, Long::sum));
        assertThat(perConsumer).as("every consumer gets a fair share of 4 000 random picks").hasSize(3)
                .allSatisfy((c, n) -> assertThat(n).isBetween(1_000L, 1_700L));
    }
}
