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
import java.util.List;
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
        List<Tuple3<String, Integer, Integer>> expected = PortedExamplesReference.windowJoin(seed, count, window);
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
        List<Tuple4<Integer, Long, Integer, Integer>> expected = PortedExamplesReference.sensorAlerts(seed, sensors, readings);
        assertThat(expected).hasSizeGreaterThan(1_000);
        assertThat(CollectSink.<Tuple4<Integer, Long, Integer, Integer>>results("sensor-alerts"))
                .containsExactlyInAnyOrderElementsOf(expected);
    }
}
