package io.ebbflow.e2e.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.tuple.Tuple3;
import io.ebbflow.api.tuple.Tuple4;
import io.ebbflow.examples.connected.SensorThresholds;
import io.ebbflow.examples.join.WindowJoin;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.testing.CollectSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The two-input examples in one JVM on two simulated TaskExecutors, checked against references computed here from
 * the same generator functions, without the runtime.
 */
class TwoInputExamplesTest {

    @Test
    void windowJoinPairsEveryGradeAndSalaryOfAPersonInTheSameWindow() throws Exception {
        long seed = 7;
        long count = 3_000;
        long window = 2_000;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        WindowJoin.build(env, seed, count, 0, Duration.ofMillis(window)).addSink(new CollectSink<>("window-join"));
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.run(env, Duration.ofMinutes(2));
        }
        List<Tuple3<String, Integer, Integer>> expected = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            Tuple3<String, Integer, Long> g = WindowJoin.grade(seed, i);
            for (long j = 0; j < count; j++) {
                Tuple3<String, Integer, Long> s = WindowJoin.salary(seed, j);
                if (g.f0.equals(s.f0) && g.f2 / window == s.f2 / window) {
                    expected.add(Tuple3.of(g.f0, g.f1, s.f1));
                }
            }
        }
        assertThat(expected).hasSizeGreaterThan(1_000);
        assertThat(CollectSink.<Tuple3<String, Integer, Integer>>results("window-join")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void sensorThresholdsAlertsAgainstTheThresholdInForceAtEachReading() throws Exception {
        long seed = 3;
        int sensors = 8;
        long readings = 20_000;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        SensorThresholds.build(env, seed, sensors, readings, 0).addSink(new CollectSink<>("sensor-alerts"));
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.run(env, Duration.ofMinutes(2));
        }
        List<TreeMap<Long, Integer>> thresholds = new ArrayList<>();
        for (int s = 0; s < sensors; s++) {
            thresholds.add(new TreeMap<>());
        }
        for (long i = 0; i < readings / SensorThresholds.CONTROL_EVERY; i++) {
            Tuple3<Integer, Integer, Long> c = SensorThresholds.threshold(seed, sensors, i);
            thresholds.get(c.f0).put(c.f2, c.f1);
        }
        List<Tuple4<Integer, Long, Integer, Integer>> expected = new ArrayList<>();
        for (long i = 0; i < readings; i++) {
            Tuple3<Integer, Integer, Long> r = SensorThresholds.reading(seed, sensors, i);
            var inForce = thresholds.get(r.f0).floorEntry(r.f2);
            if (inForce != null && r.f1 > inForce.getValue()) {
                expected.add(Tuple4.of(r.f0, r.f2, r.f1, inForce.getValue()));
            }
        }
        assertThat(expected).hasSizeGreaterThan(1_000);
        assertThat(CollectSink.<Tuple4<Integer, Long, Integer, Integer>>results("sensor-alerts"))
                .containsExactlyInAnyOrderElementsOf(expected);
    }
}
