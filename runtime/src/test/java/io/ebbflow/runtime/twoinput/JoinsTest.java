package io.ebbflow.runtime.twoinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.DataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.CoGroupFunction;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.FlatJoinFunction;
import io.ebbflow.api.functions.ProcessFunction;
import io.ebbflow.api.functions.ProcessJoinFunction;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.tuple.Tuple4;
import io.ebbflow.api.windowing.TumblingEventTimeWindows;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Window joins, co-groups and interval joins on the local runner, checked against a brute-force computation. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JoinsTest {

    private static final long WINDOW = 1_000;

    /** (key, timestamp) records: a timestamp every {@code step} ms, keys drawn from {@code keys}. */
    static List<Tuple2<Integer, Long>> records(Random random, int n, long step, int keys) {
        List<Tuple2<Integer, Long>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Tuple2.of(random.nextInt(keys), i * step));
        }
        return out;
    }

    static DataStream<Tuple2<Integer, Long>> stream(StreamExecutionEnvironment env, List<Tuple2<Integer, Long>> records) {
        return env.fromCollection(records).setParallelism(1).assignTimestampsAndWatermarks(
                WatermarkStrategy.<Tuple2<Integer, Long>>forMonotonousTimestamps().withTimestampAssigner((t, ts) -> t.f1));
    }

    private static void run(StreamExecutionEnvironment env) throws Exception {
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.start(env);
            assertThat(runner.awaitAll(Duration.ofSeconds(90))).isTrue();
            assertThat(runner.failures()).isEmpty();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 11})
    void windowJoinPairsEqualKeysInTheSameWindowOnly(long seed) throws Exception {
        Random random = new Random(seed);
        List<Tuple2<Integer, Long>> left = records(random, 1_500, 10, 7);
        List<Tuple2<Integer, Long>> right = records(random, 1_000, 15, 7);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        stream(env, left).join(stream(env, right))
                .where(l -> l.f0).equalTo(r -> r.f0)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(WINDOW)))
                .apply((l, r) -> l.f0 + ":" + l.f1 + ":" + r.f1)
                .addSink(new CollectSink<>("join-" + seed));
        stream(env, left).join(stream(env, right))
                .where(l -> l.f0).equalTo(r -> r.f0)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(WINDOW)))
                .apply((FlatJoinFunction<Tuple2<Integer, Long>, Tuple2<Integer, Long>, String>) (l, r, out) -> {
                    if ((l.f1 + r.f1) % 3 == 0) {
                        out.collect(l.f0 + ":" + l.f1 + ":" + r.f1);
                    }
                })
                .addSink(new CollectSink<>("flat-join-" + seed));
        run(env);

        List<String> expected = new ArrayList<>();
        List<String> expectedFlat = new ArrayList<>();
        for (Tuple2<Integer, Long> l : left) {
            for (Tuple2<Integer, Long> r : right) {
                if (l.f0.equals(r.f0) && l.f1 / WINDOW == r.f1 / WINDOW) {
                    expected.add(l.f0 + ":" + l.f1 + ":" + r.f1);
                    if ((l.f1 + r.f1) % 3 == 0) {
                        expectedFlat.add(l.f0 + ":" + l.f1 + ":" + r.f1);
                    }
                }
            }
        }
        assertThat(expected).isNotEmpty();
        assertThat(CollectSink.<String>results("join-" + seed)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(CollectSink.<String>results("flat-join-" + seed)).containsExactlyInAnyOrderElementsOf(expectedFlat);
    }

    @Test
    void coGroupGetsBothSidesOfAKeyAndWindowEvenWhenOneIsEmpty() throws Exception {
        Random random = new Random(5);
        List<Tuple2<Integer, Long>> left = records(random, 800, 10, 9);
        List<Tuple2<Integer, Long>> right = records(random, 300, 7, 9);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(3);
        stream(env, left).coGroup(stream(env, right))
                .where(l -> l.f0).equalTo(r -> r.f0)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(WINDOW)))
                .apply(new CoGroupFunction<Tuple2<Integer, Long>, Tuple2<Integer, Long>, Tuple4<Integer, Long, Integer, Integer>>() {
                    @Override
                    public void coGroup(Iterable<Tuple2<Integer, Long>> first, Iterable<Tuple2<Integer, Long>> second,
                            Collector<Tuple4<Integer, Long, Integer, Integer>> out) {
                        Integer key = null;
                        Long window = null;
                        int a = 0;
                        int b = 0;
                        for (Tuple2<Integer, Long> t : first) {
                            key = t.f0;
                            window = t.f1 / WINDOW;
                            a++;
                        }
                        for (Tuple2<Integer, Long> t : second) {
                            key = t.f0;
                            window = t.f1 / WINDOW;
                            b++;
                        }
                        out.collect(Tuple4.of(key, window, a, b));
                    }
                })
                .addSink(new CollectSink<>("co-group"));
        run(env);

        Map<List<Long>, int[]> counts = new HashMap<>();
        left.forEach(t -> counts.computeIfAbsent(List.of((long) t.f0, t.f1 / WINDOW), k -> new int[2])[0]++);
        right.forEach(t -> counts.computeIfAbsent(List.of((long) t.f0, t.f1 / WINDOW), k -> new int[2])[1]++);
        List<Tuple4<Integer, Long, Integer, Integer>> expected = new ArrayList<>();
        counts.forEach((k, c) -> expected.add(Tuple4.of(k.get(0).intValue(), k.get(1), c[0], c[1])));
        assertThat(expected).anySatisfy(t -> assertThat(t.f3).isZero());
        assertThat(CollectSink.<Tuple4<Integer, Long, Integer, Integer>>results("co-group"))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {2, 13})
    void intervalJoinPairsWithinTheBoundsAndStampsTheLaterTimestamp(long seed) throws Exception {
        Random random = new Random(seed);
        List<Tuple2<Integer, Long>> left = records(random, 2_000, 5, 11);
        List<Tuple2<Integer, Long>> right = records(random, 1_500, 7, 11);
        long lower = -20;
        long upper = 35;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        stream(env, left).keyBy(t -> t.f0)
                .intervalJoin(stream(env, right).keyBy(t -> t.f0))
                .between(Duration.ofMillis(lower), Duration.ofMillis(upper))
                .lowerBoundExclusive()
                .process(new ProcessJoinFunction<Tuple2<Integer, Long>, Tuple2<Integer, Long>, String>() {
                    @Override
                    public void processElement(Tuple2<Integer, Long> l, Tuple2<Integer, Long> r, Context ctx, Collector<String> out) {
                        assertThat(ctx.getLeftTimestamp()).isEqualTo(l.f1);
                        assertThat(ctx.getRightTimestamp()).isEqualTo(r.f1);
                        out.collect(l.f0 + ":" + l.f1 + ":" + r.f1);
                    }
                })
                .process(new ProcessFunction<String, String>() {
                    @Override
                    public void processElement(String value, Context ctx, Collector<String> out) {
                        out.collect(value + "@" + ctx.timestamp());
                    }
                })
                .addSink(new CollectSink<>("interval-" + seed));
        run(env);

        List<String> expected = new ArrayList<>();
        for (Tuple2<Integer, Long> l : left) {
            for (Tuple2<Integer, Long> r : right) {
                long d = r.f1 - l.f1;
                if (l.f0.equals(r.f0) && d > lower && d <= upper) {
                    expected.add(l.f0 + ":" + l.f1 + ":" + r.f1 + "@" + Math.max(l.f1, r.f1));
                }
            }
        }
        assertThat(expected).isNotEmpty();
        assertThat(CollectSink.<String>results("interval-" + seed)).containsExactlyInAnyOrderElementsOf(expected);
    }
}
