package io.ebbflow.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.DataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.GeneratorSource;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.FlatMapFunction;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.windowing.TumblingEventTimeWindows;
import io.ebbflow.runtime.testing.CollectSink;
import io.ebbflow.runtime.local.LocalJobRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Whole jobs on two simulated TaskExecutors in this JVM: local and TCP channels, real subtask threads. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DataflowTest {

    @Test
    void aForkedChainFeedsEveryChainedSinkAndTheNetworkFromTheMiddle() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<Long> doubled = env.fromSequence(1, 10_000).map(v -> v * 2);
        doubled.addSink(new CollectSink<>("fork-a"));
        doubled.filter(v -> v % 3 == 0).addSink(new CollectSink<>("fork-b"));
        doubled.keyBy(v -> v % 7).reduce(Long::sum).addSink(new CollectSink<>("fork-c"));
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            var plan = runner.start(env);
            // Two vertices: the forked chain (source, map, both sinks, filter) and the keyed reduce.
            assertThat(plan.subtasks().stream().map(st -> st.vertexId()).distinct()).hasSize(2);
            assertThat(runner.awaitAll(Duration.ofSeconds(60))).isTrue();
            assertThat(runner.failures()).isEmpty();
        }
        List<Long> expectedA = new ArrayList<>();
        for (long v = 1; v <= 10_000; v++) {
            expectedA.add(v * 2);
        }
        assertThat(CollectSink.<Long>results("fork-a")).containsExactlyInAnyOrderElementsOf(expectedA);
        assertThat(CollectSink.<Long>results("fork-b"))
                .containsExactlyInAnyOrderElementsOf(expectedA.stream().filter(v -> v % 3 == 0).toList());
        // The keyed reduce (fed over the network by the map, which also feeds the chained sinks) emits a
        // running sum per record; every key's total is among them.
        List<Long> sums = CollectSink.results("fork-c");
        assertThat(sums).hasSize(10_000);
        Map<Long, Long> totals = new HashMap<>();
        for (long v : expectedA) {
            totals.merge(v % 7, v, Long::sum);
        }
        assertThat(sums).containsAll(totals.values());
    }

    @Test
    void wordCountGivesExactCounts() throws Exception {
        List<String> lines = new ArrayList<>();
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            String line = "w" + (i % 37) + " x w" + (i % 11);
            lines.add(line);
            for (String w : line.split(" ")) {
                expected.merge(w, 1, Integer::sum);
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromCollection(lines)
                .flatMap((FlatMapFunction<String, Tuple2<String, Integer>>) (line, out) -> {
                    for (String w : line.split(" ")) {
                        out.collect(Tuple2.of(w, 1));
                    }
                })
                .keyBy(t -> t.f0).sum(1)
                .addSink(new CollectSink<>("wordcount"));
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.run(env, Duration.ofSeconds(60));
        }
        Map<String, Integer> last = new HashMap<>();
        for (Tuple2<String, Integer> t : CollectSink.<Tuple2<String, Integer>>results("wordcount")) {
            last.merge(t.f0, t.f1, Math::max);
        }
        assertThat(last).isEqualTo(expected);
        assertThat(CollectSink.results("wordcount")).hasSize(expected.values().stream().mapToInt(i -> i).sum());
    }

    @Test
    void nothingIsLostOrDuplicatedAndEachChannelKeepsItsOrder() throws Exception {
        long n = 300_000;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<Long> numbers = env.fromSequence(0, n - 1);
        numbers.rebalance().map(v -> v).setParallelism(3)
                .addSink(new CollectSink<>("sequence")).setParallelism(3);
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.run(env, Duration.ofSeconds(90));
        }
        List<Long> got = CollectSink.results("sequence");
        assertThat(got).hasSize((int) n);
        assertThat(new HashSet<>(got)).hasSize((int) n);
        // Source subtask 0 reads [0, n/2), subtask 1 reads [n/2, n); each consumer must see both in order.
        // The sink list interleaves consumers, so check order per (producer range, value mod 3 not known):
        // every value of one producer range appears after the smaller values of the same range that the same
        // consumer received. Round robin sends value v of a range to consumer (start + position) mod 3.
        Map<String, Long> lastSeen = new HashMap<>();
        for (long v : got) {
            long half = v < n / 2 ? 0 : 1;
            long position = half == 0 ? v : v - n / 2;
            long consumer = (half + position) % 3;
            String channel = half + "->" + consumer;
            Long previous = lastSeen.put(channel, v);
            if (previous != null) {
                assertThat(v).as("order on channel %s", channel).isGreaterThan(previous);
            }
        }
    }

    @Test
    void eventTimeWindowsFireThroughTheNetworkWithWatermarks() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        // Record i: key i % 5, timestamp i ms; windows of 100 ms: 20 per key per window.
        env.fromSource(GeneratorSource.of(i -> Tuple2.of("k" + (i % 5), (int) i), 1_000, 0),
                        WatermarkStrategy.<Tuple2<String, Integer>>forBoundedOutOfOrderness(Duration.ofMillis(50))
                                .withTimestampAssigner((t, ts) -> (long) t.f1), "gen")
                .map(t -> Tuple2.of(t.f0, 1))
                .keyBy(t -> t.f0).window(TumblingEventTimeWindows.of(Duration.ofMillis(100))).sum(1)
                .addSink(new CollectSink<>("windows"));
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.run(env, Duration.ofSeconds(60));
        }
        List<Tuple2<String, Integer>> got = CollectSink.results("windows");
        assertThat(got).hasSize(50);
        assertThat(got).allSatisfy(t -> assertThat(t.f1).isEqualTo(20));
        Set<String> keys = got.stream().map(t -> t.f0).collect(Collectors.toSet());
        assertThat(keys).containsExactlyInAnyOrder("k0", "k1", "k2", "k3", "k4");
    }
}
