package io.ebbflow.runtime.windowing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.ProcessWindowFunction;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.api.graph.OperatorSpec.WindowFunctionSpec;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.util.OutputTag;
import io.ebbflow.api.windowing.CountTrigger;
import io.ebbflow.api.windowing.DeltaTrigger;
import io.ebbflow.api.windowing.EventTimeSessionWindows;
import io.ebbflow.api.windowing.ProcessingTimeSessionWindows;
import io.ebbflow.api.windowing.TimeWindow;
import io.ebbflow.api.windowing.Trigger;
import io.ebbflow.api.windowing.WindowAssigner;
import io.ebbflow.runtime.testing.OperatorHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Session (merging) windows in the window operator, on manual time. */
class SessionWindowOperatorTest {

    /** "key [start, end) count sum" of each fired window. */
    static final class Describe extends ProcessWindowFunction<Tuple2<String, Integer>, String, String, TimeWindow> {
        @Override
        public void process(String key, Context ctx, Iterable<Tuple2<String, Integer>> elements, Collector<String> out) {
            int n = 0;
            int sum = 0;
            for (Tuple2<String, Integer> e : elements) {
                n++;
                sum += e.f1;
            }
            out.collect(key + " [" + ctx.window().getStart() + ", " + ctx.window().getEnd() + ") " + n + " " + sum);
        }
    }

    private static OperatorHarness<Tuple2<String, Integer>, String> harness(WindowAssigner<?, ?> assigner) throws Exception {
        return harness(assigner, assigner.getDefaultTrigger(), 0, null);
    }

    private static OperatorHarness<Tuple2<String, Integer>, String> harness(WindowAssigner<?, ?> assigner, Trigger<?, ?> trigger,
            long lateness, OutputTag<?> late) throws Exception {
        return new OperatorHarness<>(new OperatorSpec.Window(assigner, trigger, null, lateness,
                new WindowFunctionSpec.Process(new Describe()), late), (Tuple2<String, Integer> t) -> t.f0);
    }

    @Test
    void anElementBetweenTwoSessionsMergesThemIntoOne() throws Exception {
        OperatorHarness<Tuple2<String, Integer>, String> h = harness(EventTimeSessionWindows.withGap(Duration.ofMillis(10)));
        h.processElement(Tuple2.of("a", 1), 0);
        h.processElement(Tuple2.of("a", 2), 5);
        h.processElement(Tuple2.of("a", 4), 20);
        h.processElement(Tuple2.of("b", 8), 7);
        h.processWatermark(13);
        assertThat(h.records()).isEmpty();
        h.processElement(Tuple2.of("a", 16), 12); // [12, 22) touches [0, 15) and [20, 30)
        h.processWatermark(28);
        assertThat(h.records()).containsExactly("b [7, 17) 1 8");
        h.processWatermark(29);
        assertThat(h.records()).containsExactly("b [7, 17) 1 8", "a [0, 30) 4 23");
        assertThat(h.backend().tables().get("window-contents#window").size()).as("contents cleaned up").isZero();
        assertThat(h.backend().tables().get("merging-window-set").size()).as("window set cleaned up").isZero();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void sessionsOfElementsInAnyOrderAreTheGapSeparatedRuns(long seed) throws Exception {
        Random random = new Random(seed);
        long gap = 1 + random.nextInt(20);
        List<Tuple2<String, Integer>> elements = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        Map<String, List<Long>> byKey = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            String key = "k" + random.nextInt(4);
            long t = random.nextInt(2_000);
            elements.add(Tuple2.of(key, 1));
            times.add(t);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
        }
        List<String> expected = new ArrayList<>();
        byKey.forEach((key, ts) -> {
            Collections.sort(ts);
            long start = ts.get(0);
            long end = start + gap;
            int n = 0;
            for (long t : ts) {
                if (t > end) { // windows that only touch ([s, e) and [e, ..)) merge too
                    expected.add(key + " [" + start + ", " + end + ") " + n + " " + n);
                    start = t;
                    n = 0;
                }
                end = Math.max(end, t + gap);
                n++;
            }
            expected.add(key + " [" + start + ", " + end + ") " + n + " " + n);
        });
        OperatorHarness<Tuple2<String, Integer>, String> h = harness(EventTimeSessionWindows.withGap(Duration.ofMillis(gap)));
        for (int i = 0; i < elements.size(); i++) {
            h.processElement(elements.get(i), times.get(i));
        }
        h.endInput();
        assertThat(h.records()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void dynamicGapsComeFromTheElements() throws Exception {
        OperatorHarness<Tuple2<String, Integer>, String> h = harness(
                EventTimeSessionWindows.<Tuple2<String, Integer>>withDynamicGap(t -> t.f1));
        h.processElement(Tuple2.of("a", 5), 0);   // [0, 5)
        h.processElement(Tuple2.of("a", 10), 6);  // [6, 16): apart
        h.processElement(Tuple2.of("a", 2), 15);  // [15, 17): merges with [6, 16)
        h.endInput();
        assertThat(h.records()).containsExactlyInAnyOrder("a [0, 5) 1 5", "a [6, 17) 2 12");
    }

    @Test
    void processingTimeSessionsCloseAfterTheGapWithoutElements() throws Exception {
        OperatorHarness<Tuple2<String, Integer>, String> h = harness(ProcessingTimeSessionWindows.withGap(Duration.ofMillis(5)));
        h.setProcessingTime(0);
        h.processElement(Tuple2.of("a", 1));
        h.setProcessingTime(3);
        h.processElement(Tuple2.of("a", 1));
        h.setProcessingTime(6); // the first window [0, 5) would have fired at 4; merged, it ends at 8
        assertThat(h.records()).isEmpty();
        h.setProcessingTime(7);
        assertThat(h.records()).containsExactly("a [0, 8) 2 2");
        h.processElement(Tuple2.of("a", 1));
        h.setProcessingTime(20);
        assertThat(h.records()).containsExactly("a [0, 8) 2 2", "a [7, 12) 1 1");
    }

    @Test
    void aCountTriggerMergesItsCountsWithTheWindows() throws Exception {
        OperatorHarness<Tuple2<String, Integer>, String> h = harness(EventTimeSessionWindows.withGap(Duration.ofMillis(10)),
                CountTrigger.of(3), 0, null);
        h.processElement(Tuple2.of("a", 1), 0);
        h.processElement(Tuple2.of("a", 1), 20);
        h.processElement(Tuple2.of("a", 1), 45);
        assertThat(h.records()).as("three windows of one element each").isEmpty();
        h.processElement(Tuple2.of("a", 1), 10); // [10, 20) joins [0, 10) and [20, 30): their counts 1 + 1, then its own
        assertThat(h.records()).containsExactly("a [0, 30) 3 3");
    }

    @Test
    void elementsLateForTheirSessionGoToTheLateDataSideOutput() throws Exception {
        OutputTag<Tuple2<String, Integer>> late = new OutputTag<>("late") { };
        OperatorHarness<Tuple2<String, Integer>, String> h = harness(EventTimeSessionWindows.withGap(Duration.ofMillis(10)),
                EventTimeSessionWindows.withGap(Duration.ofMillis(10)).getDefaultTrigger(), 5, late);
        h.processElement(Tuple2.of("a", 1), 0);
        h.processWatermark(12);
        assertThat(h.records()).containsExactly("a [0, 10) 1 1");
        h.processElement(Tuple2.of("a", 2), 3); // within the allowed lateness: the session fires again
        assertThat(h.records()).containsExactly("a [0, 10) 1 1", "a [0, 13) 2 3");
        h.processWatermark(30);
        h.processElement(Tuple2.of("a", 4), 1); // 1 + 10 - 1 + 5 < 30: too late
        assertThat(h.records()).hasSize(2);
        assertThat(h.sideOutput("late")).extracting(Object::toString).containsExactly("(a,4)@1");
    }

    @Test
    void windowDefinitionsThatCannotRunAreRefusedWhenTheJobIsBuilt() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        var keyed = env.fromElements(1, 2, 3).keyBy(v -> v);
        assertThatThrownBy(() -> keyed.window(EventTimeSessionWindows.withGap(Duration.ofMillis(5)))
                .trigger(DeltaTrigger.<Integer, TimeWindow>of(3, (a, b) -> b - a)).reduce(Integer::sum))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Window(Reduce)").hasMessageContaining("does not support merging");
        assertThatThrownBy(() -> keyed.window(ProcessingTimeSessionWindows.withGap(Duration.ofMillis(5)))
                .allowedLateness(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("processing-time");
        assertThatThrownBy(() -> keyed.countWindow(5).sideOutputLateData(new OutputTag<>("late", Integer.class)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only event-time windows");
        assertThatThrownBy(() -> EventTimeSessionWindows.withGap(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("session gap must be positive");
    }
}
