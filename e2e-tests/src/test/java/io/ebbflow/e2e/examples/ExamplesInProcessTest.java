package io.ebbflow.e2e.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.DataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.tuple.Tuple4;
import io.ebbflow.examples.keyedsum.KeyedSum;
import io.ebbflow.examples.windowing.CarModel;
import io.ebbflow.examples.windowing.CarSource;
import io.ebbflow.examples.windowing.TopSpeedWindowing;
import io.ebbflow.examples.wordcount.WordCount;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.testing.CollectSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example jobs' dataflows in one JVM on two simulated TaskExecutors (TCP between them), checked
 * against references computed without the runtime. The multi-process runs are in {@code DataflowIT}.
 */
class ExamplesInProcessTest {

    @Test
    void topSpeedWindowingMatchesTheSingleThreadedReference() throws Exception {
        long seed = 11;
        int cars = 5;
        long events = 3_000;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        CarSource source = new CarSource(new CarModel(seed, 0, TopSpeedWindowing.INTERVAL_MILLIS), cars, events, 0);
        TopSpeedWindowing.topSpeeds(env, source).addSink(new CollectSink<>("top-speed"));
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.run(env, Duration.ofMinutes(2));
        }
        List<String> lines = new ArrayList<>();
        CollectSink.<Tuple4<Integer, Integer, Double, Long>>results("top-speed").forEach(t -> lines.add(t.toString()));

        Map<Integer, List<String>> expected = TopSpeedReference.expected(seed, cars, events);
        assertThat(expected.values().stream().mapToInt(List::size).sum()).as("the reference fires").isGreaterThan(500);
        assertThat(TopSpeedReference.byCar(lines)).isEqualTo(expected);
    }

    @Test
    void keyedSumKeepsAnExactRunningSumPerKey() throws Exception {
        long count = 500_000;
        int keys = 1_000;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        KeyedSum.build(env, count - 1, keys).addSink(new CollectSink<>("keyed-sum"));
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.run(env, Duration.ofMinutes(2));
        }
        List<Tuple2<Long, Long>> sums = CollectSink.results("keyed-sum");
        assertThat(sums).hasSize((int) count);
        Map<Long, Long> last = new java.util.HashMap<>();
        Map<Long, Long> seen = new java.util.HashMap<>();
        for (Tuple2<Long, Long> t : sums) {
            last.merge(t.f0, t.f1, Math::max);
            seen.merge(t.f0, 1L, Long::sum);
        }
        assertThat(last).hasSize(keys);
        for (long k = 0; k < keys; k++) {
            // Values k, k + keys, k + 2 keys, ... below count.
            long n = (count - 1 - k) / keys + 1;
            assertThat(seen.get(k)).as("records of key %d", k).isEqualTo(n);
            assertThat(last.get(k)).as("sum of key %d", k).isEqualTo(n * k + keys * n * (n - 1) / 2);
        }
    }

    @Test
    void wordCountEmitsEveryRunningCountExactlyOnce(@TempDir Path dir) throws Exception {
        List<String> text = WordCountReference.text(3, 20_000, 800);
        Path input = Files.write(dir.resolve("input.txt"), text);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        DataStream<Tuple2<String, Integer>> counts = WordCount.counts(env.readTextFile(input.toString()));
        counts.addSink(new CollectSink<>("word-count"));
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.run(env, Duration.ofMinutes(2));
        }
        List<String> emitted = new ArrayList<>();
        CollectSink.<Tuple2<String, Integer>>results("word-count").forEach(t -> emitted.add(t.toString()));
        emitted.sort(null);
        List<String> expected = new ArrayList<>(WordCountReference.emittedLines(WordCountReference.counts(text)));
        expected.sort(null);
        assertThat(emitted).hasSameSizeAs(expected).isEqualTo(expected);
    }
}
