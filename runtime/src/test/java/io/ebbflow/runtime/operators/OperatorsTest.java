package io.ebbflow.runtime.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.KeyedProcessFunction;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.FieldAccess;
import io.ebbflow.api.FieldAggregator;
import io.ebbflow.runtime.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorsTest {

    @Test
    void statelessOperatorsKeepTimestamps() throws Exception {
        OperatorHarness<String, String> flatMap = new OperatorHarness<>(new OperatorSpec.FlatMap(
                (String line, Collector<String> out) -> {
                    for (String w : line.split(" ")) {
                        out.collect(w);
                    }
                }), null);
        flatMap.processElement("a b", 10);
        assertThat(flatMap.emitted()).extracting(Object::toString).containsExactly("a@10", "b@10");

        OperatorHarness<Integer, Integer> filter = new OperatorHarness<>(new OperatorSpec.Filter((Integer v) -> v % 2 == 0), null);
        filter.processElement(1);
        filter.processElement(2, 5);
        filter.processWatermark(7);
        assertThat(filter.emitted()).extracting(Object::toString).containsExactly("2@5", "WM(7)");
    }

    @Test
    void aRollingSumKeepsOneValuePerKeyInKeyedState() throws Exception {
        KeySelector<Tuple2<String, Integer>, String> key = t -> t.f0;
        OperatorHarness<Tuple2<String, Integer>, Tuple2<String, Integer>> sum = new OperatorHarness<>(
                new OperatorSpec.KeyedReduce(new FieldAggregator<Tuple2<String, Integer>>(FieldAggregator.Kind.SUM,
                        FieldAccess.position(1))), key);
        for (String w : List.of("a", "b", "a", "a")) {
            sum.processElement(Tuple2.of(w, 1));
        }
        assertThat(sum.records()).containsExactly(Tuple2.of("a", 1), Tuple2.of("b", 1), Tuple2.of("a", 2), Tuple2.of("a", 3));
        assertThat(sum.backend().tables().get("reduce-value").size()).isEqualTo(2);
    }

    /** A rich map after keyBy counts per key in keyed state, as in Flink. */
    static final class CountingMap extends io.ebbflow.api.functions.RichMapFunction<String, String> {
        private transient ValueState<Long> count;

        @Override
        public void open(RuntimeContext context) throws Exception {
            super.open(context);
            count = context.getState(new ValueStateDescriptor<>("count", Long.class, 0L));
        }

        @Override
        public String map(String value) throws Exception {
            count.update(count.value() + 1);
            return value + "=" + count.value();
        }
    }

    @Test
    void functionsAfterKeyByUseTheRecordsKeyForKeyedState() throws Exception {
        KeySelector<String, String> key = v -> v;
        OperatorHarness<String, String> map = new OperatorHarness<>(new OperatorSpec.Map(new CountingMap()), key);
        for (String w : List.of("a", "b", "a", "a", "b")) {
            map.processElement(w);
        }
        assertThat(map.records()).containsExactly("a=1", "b=1", "a=2", "a=3", "b=2");
        assertThat(map.backend().tables().get("count").size()).isEqualTo(2);
    }

    /** Counts per key and emits the count when an event-time timer 10 ms after the first element fires. */
    static final class CountWithTimeout extends KeyedProcessFunction<String, String, String> {
        private transient ValueState<Long> count;

        @Override
        public void open(RuntimeContext context) throws Exception {
            super.open(context);
            count = context.getState(new ValueStateDescriptor<>("count", Long.class, 0L));
        }

        @Override
        public void processElement(String value, Context ctx, Collector<String> out) {
            if (count.value() == 0) {
                ctx.timerService().registerEventTimeTimer(ctx.timestamp() + 10);
                ctx.timerService().registerProcessingTimeTimer(1_000);
            }
            count.update(count.value() + 1);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            out.collect(ctx.getCurrentKey() + "=" + count.value() + " (" + ctx.timeDomain() + ")");
            if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
                count.clear();
            }
        }
    }

    @Test
    void keyedProcessFunctionsGetStateAndTimersPerKey() throws Exception {
        OperatorHarness<String, String> h = new OperatorHarness<>(new OperatorSpec.KeyedProcess(new CountWithTimeout()),
                (KeySelector<String, String>) s -> s);
        h.processElement("x", 100);
        h.processElement("x", 101);
        h.processElement("y", 105);
        h.processWatermark(109);
        assertThat(h.records()).isEmpty();
        h.processWatermark(110);
        assertThat(h.records()).containsExactly("x=2 (EVENT_TIME)");
        assertThat(h.emitted()).extracting(Object::toString).containsExactly("WM(109)", "x=2 (EVENT_TIME)@110", "WM(110)");
        h.processWatermark(200);
        assertThat(h.records()).containsExactly("x=2 (EVENT_TIME)", "y=1 (EVENT_TIME)");
        h.clearOutput();
        h.processElement("y", 300);
        h.setProcessingTime(999);
        assertThat(h.records()).isEmpty();
        h.setProcessingTime(1_000);
        assertThat(h.records()).containsExactlyInAnyOrder("x=0 (PROCESSING_TIME)", "y=1 (PROCESSING_TIME)");
    }

    @Test
    void boundedOutOfOrdernessWatermarksTrailTheLargestTimestamp() throws Exception {
        WatermarkStrategy<Long> strategy = WatermarkStrategy.<Long>forBoundedOutOfOrderness(Duration.ofMillis(5))
                .withTimestampAssigner((v, ts) -> v);
        OperatorHarness<Long, Long> h = new OperatorHarness<>(new OperatorSpec.TimestampsAndWatermarks(strategy), null,
                128, 200);
        h.processElement(100L);
        h.processElement(90L);
        h.processWatermark(1_000);
        h.setProcessingTime(200);
        h.processElement(120L);
        h.setProcessingTime(400);
        h.setProcessingTime(600);
        assertThat(h.emitted()).extracting(Object::toString)
                .containsExactly("100@100", "90@90", "WM(94)", "120@120", "WM(114)");
        h.endInput();
        assertThat(h.watermarks()).endsWith(Long.MAX_VALUE);
    }

    @Test
    void sinksSeeTheirContext() throws Exception {
        OperatorHarness<String, Object> h = new OperatorHarness<>(new OperatorSpec.Sink(
                new io.ebbflow.api.connector.EventBusSink<String>("results")), null);
        h.processElement("hello");
        assertThat(h.published()).containsExactly("results:hello");
    }
}
