package io.ebbflow.runtime.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.FieldAccess;
import io.ebbflow.api.FieldAggregator;
import io.ebbflow.api.functions.AggregateFunction;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.ProcessWindowFunction;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.api.graph.OperatorSpec.WindowFunctionSpec;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.tuple.Tuple4;
import io.ebbflow.api.windowing.CountEvictor;
import io.ebbflow.api.windowing.CountTrigger;
import io.ebbflow.api.windowing.DeltaTrigger;
import io.ebbflow.api.windowing.GlobalWindows;
import io.ebbflow.api.windowing.PurgingTrigger;
import io.ebbflow.api.windowing.SlidingEventTimeWindows;
import io.ebbflow.api.windowing.TimeEvictor;
import io.ebbflow.api.windowing.TimeWindow;
import io.ebbflow.api.windowing.TumblingEventTimeWindows;
import io.ebbflow.api.windowing.TumblingProcessingTimeWindows;
import io.ebbflow.api.windowing.WindowAssigner;
import io.ebbflow.runtime.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowOperatorTest {

    private static final KeySelector<Tuple2<String, Integer>, String> BY_WORD = t -> t.f0;
    private static final FieldAggregator<Tuple2<String, Integer>> SUM =
            new FieldAggregator<>(FieldAggregator.Kind.SUM, FieldAccess.position(1));

    private static OperatorSpec.Window window(WindowAssigner<?, ?> assigner, WindowFunctionSpec fn) {
        return new OperatorSpec.Window(assigner, assigner.getDefaultTrigger(), null, 0, fn);
    }

    @Test
    void tumblingEventTimeWindowsFireWhenTheWatermarkPassesTheirEnd() throws Exception {
        OperatorHarness<Tuple2<String, Integer>, Tuple2<String, Integer>> h = new OperatorHarness<>(
                window(TumblingEventTimeWindows.of(Duration.ofMillis(10)), new WindowFunctionSpec.Reduce(SUM, null)), BY_WORD);
        h.processElement(Tuple2.of("a", 1), 1);
        h.processElement(Tuple2.of("a", 1), 9);
        h.processElement(Tuple2.of("b", 1), 5);
        h.processElement(Tuple2.of("a", 1), 10);
        h.processWatermark(8);
        assertThat(h.records()).isEmpty();
        h.processWatermark(9);
        assertThat(h.emitted()).extracting(Object::toString)
                .containsExactly("WM(8)", "(a,2)@9", "(b,1)@9", "WM(9)");
        h.endInput();
        assertThat(h.records()).contains(Tuple2.of("a", 1));
        assertThat(h.backend().tables().get("window-contents#window").size()).as("state cleaned up").isZero();
    }

    @Test
    void lateElementsAreDroppedUnlessWithinTheAllowedLateness() throws Exception {
        TumblingEventTimeWindows assigner = TumblingEventTimeWindows.of(Duration.ofMillis(10));
        OperatorHarness<Tuple2<String, Integer>, Tuple2<String, Integer>> h = new OperatorHarness<>(
                new OperatorSpec.Window(assigner, assigner.getDefaultTrigger(), null, 5,
                        new WindowFunctionSpec.Reduce(SUM, null)), BY_WORD);
        h.processElement(Tuple2.of("a", 1), 3);
        h.processWatermark(12);
        assertThat(h.records()).containsExactly(Tuple2.of("a", 1));
        h.processElement(Tuple2.of("a", 1), 4);
        assertThat(h.records()).as("late but allowed: fires again at once").containsExactly(Tuple2.of("a", 1), Tuple2.of("a", 2));
        h.processWatermark(14);
        h.processElement(Tuple2.of("a", 1), 5);
        assertThat(h.records()).as("past the allowed lateness: dropped").hasSize(2);
    }

    @Test
    void slidingWindowsPutAnElementIntoSeveralWindows() throws Exception {
        OperatorHarness<Tuple2<String, Integer>, String> h = new OperatorHarness<>(
                window(SlidingEventTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(5)),
                        new WindowFunctionSpec.Process(new ProcessWindowFunction<Tuple2<String, Integer>, String, String, TimeWindow>() {
                            @Override
                            public void process(String key, Context ctx, Iterable<Tuple2<String, Integer>> elements,
                                    Collector<String> out) {
                                int n = 0;
                                for (Tuple2<String, Integer> ignored : elements) {
                                    n++;
                                }
                                out.collect(key + " " + ctx.window().getStart() + "-" + ctx.window().getEnd() + ": " + n);
                            }
                        })), BY_WORD);
        h.processElement(Tuple2.of("a", 1), 7);
        h.processElement(Tuple2.of("a", 1), 12);
        h.endInput();
        assertThat(h.records()).containsExactly("a 0-10: 1", "a 5-15: 2", "a 10-20: 1");
    }

    @Test
    void processingTimeWindowsFollowTheClock() throws Exception {
        OperatorHarness<Tuple2<String, Integer>, Tuple2<String, Integer>> h = new OperatorHarness<>(
                window(TumblingProcessingTimeWindows.of(Duration.ofMillis(100)), new WindowFunctionSpec.Reduce(SUM, null)),
                BY_WORD);
        h.setProcessingTime(10);
        h.processElement(Tuple2.of("a", 1));
        h.processElement(Tuple2.of("a", 1));
        h.setProcessingTime(98);
        assertThat(h.records()).isEmpty();
        h.setProcessingTime(99);
        assertThat(h.records()).containsExactly(Tuple2.of("a", 2));
        h.setProcessingTime(150);
        h.processElement(Tuple2.of("a", 1));
        h.setProcessingTime(250);
        assertThat(h.records()).containsExactly(Tuple2.of("a", 2), Tuple2.of("a", 1));
    }

    @Test
    void aggregateFunctionsRunIncrementally() throws Exception {
        AggregateFunction<Tuple2<String, Integer>, long[], Double> average = new AggregateFunction<>() {
            @Override
            public long[] createAccumulator() {
                return new long[2];
            }

            @Override
            public long[] add(Tuple2<String, Integer> value, long[] acc) {
                return new long[] {acc[0] + value.f1, acc[1] + 1};
            }

            @Override
            public Double getResult(long[] acc) {
                return (double) acc[0] / acc[1];
            }

            @Override
            public long[] merge(long[] a, long[] b) {
                return new long[] {a[0] + b[0], a[1] + b[1]};
            }
        };
        OperatorHarness<Tuple2<String, Integer>, Double> h = new OperatorHarness<>(
                window(TumblingEventTimeWindows.of(Duration.ofMillis(10)), new WindowFunctionSpec.Aggregate(average, null)),
                BY_WORD);
        h.processElement(Tuple2.of("a", 1), 1);
        h.processElement(Tuple2.of("a", 4), 2);
        h.endInput();
        assertThat(h.records()).containsExactly(2.5);
    }

    @Test
    void globalWindowsWithACountTriggerFireEveryNElements() throws Exception {
        OperatorHarness<Tuple2<String, Integer>, Tuple2<String, Integer>> h = new OperatorHarness<>(
                new OperatorSpec.Window(GlobalWindows.create(), PurgingTrigger.of(CountTrigger.of(2)), null, 0,
                        new WindowFunctionSpec.Reduce(SUM, null)), BY_WORD);
        for (int i = 0; i < 5; i++) {
            h.processElement(Tuple2.of("a", i));
        }
        h.endInput();
        assertThat(h.records()).containsExactly(Tuple2.of("a", 1), Tuple2.of("a", 5));
    }

    @Test
    void aCountEvictorKeepsTheLastElements() throws Exception {
        OperatorHarness<Tuple2<String, Integer>, Tuple2<String, Integer>> h = new OperatorHarness<>(
                new OperatorSpec.Window(GlobalWindows.create(), CountTrigger.of(3), CountEvictor.of(2), 0,
                        new WindowFunctionSpec.Reduce(SUM, null)), BY_WORD);
        for (int i = 1; i <= 6; i++) {
            h.processElement(Tuple2.of("a", i));
        }
        assertThat(h.records()).containsExactly(Tuple2.of("a", 2 + 3), Tuple2.of("a", 5 + 6));
    }

    /**
     * TopSpeedWindowing's window: per car, global window, fire whenever the car moved 50 m since the last
     * firing, evict elements older than 10 s before the newest, emit the element with the top speed.
     */
    @Test
    void deltaTriggerWithTimeEvictorReportsTheTopSpeedOfTheLastTenSeconds() throws Exception {
        KeySelector<Tuple4<Integer, Integer, Double, Long>, Integer> byCar = t -> t.f0;
        OperatorHarness<Tuple4<Integer, Integer, Double, Long>, Tuple4<Integer, Integer, Double, Long>> h =
                new OperatorHarness<>(new OperatorSpec.Window(GlobalWindows.create(),
                        DeltaTrigger.<Tuple4<Integer, Integer, Double, Long>, io.ebbflow.api.windowing.GlobalWindow>of(50,
                                (a, b) -> b.f2 - a.f2),
                        TimeEvictor.of(Duration.ofSeconds(10)), 0,
                        new WindowFunctionSpec.Reduce(new FieldAggregator<Tuple4<Integer, Integer, Double, Long>>(
                                FieldAggregator.Kind.MAX_BY, FieldAccess.position(1)), null)), byCar);
        h.processElement(Tuple4.of(0, 90, 0.0, 0L), 0);       // starts the measure
        h.processElement(Tuple4.of(0, 60, 30.0, 4_000L), 4_000);
        h.processElement(Tuple4.of(0, 50, 51.0, 12_000L), 12_000); // 51 m since the first: fires
        assertThat(h.records()).containsExactly(Tuple4.of(0, 60, 30.0, 4_000L)); // 0 s evicted (<= 12 s - 10 s)
        h.processElement(Tuple4.of(0, 70, 90.0, 13_000L), 13_000);
        h.processElement(Tuple4.of(0, 40, 110.0, 20_000L), 20_000); // 59 m since 51: fires
        assertThat(h.records()).last().isEqualTo(Tuple4.of(0, 70, 90.0, 13_000L));
    }

    @Test
    void eventTimeWindowsNeedTimestamps() throws Exception {
        OperatorHarness<Tuple2<String, Integer>, Tuple2<String, Integer>> h = new OperatorHarness<>(
                window(TumblingEventTimeWindows.of(Duration.ofMillis(10)), new WindowFunctionSpec.Reduce(SUM, null)), BY_WORD);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.processElement(Tuple2.of("a", 1)))
                .hasMessageContaining("assignTimestampsAndWatermarks");
        assertThat(List.of()).isEmpty();
    }
}
