package io.ebbflow.runtime.sideoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.api.DataStream;
import io.ebbflow.api.SingleOutputStreamOperator;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.KeyedProcessFunction;
import io.ebbflow.api.functions.ProcessFunction;
import io.ebbflow.api.util.OutputTag;
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

/** Side outputs on the local runner: chained and over the network, keyed downstream, type checks. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SideOutputTest {

    static final OutputTag<Long> EVEN = new OutputTag<>("even") { };
    static final OutputTag<String> BIG = new OutputTag<>("big", String.class);
    static final OutputTag<String> WORDS = new OutputTag<>("words", String.class);

    /** Odd numbers on the main output, even ones into EVEN, and a note into BIG for numbers above 900. */
    static final class Split extends ProcessFunction<Long, Long> {
        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            if (value % 2 == 0) {
                ctx.output(EVEN, value);
            } else {
                out.collect(value);
            }
            if (value > 900) {
                ctx.output(BIG, "big:" + value);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 17})
    void sideOutputsReachChainedAndNetworkConsumersAndCanBeKeyed(long seed) throws Exception {
        List<Long> input = new ArrayList<>();
        Random random = new Random(seed);
        for (int i = 0; i < 5_000; i++) {
            input.add((long) random.nextInt(1_000));
        }
        String tag = "so-" + seed;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        SingleOutputStreamOperator<Long> split = env.fromCollection(input).process(new Split());
        split.addSink(new CollectSink<>(tag + "-main"));
        DataStream<Long> even = split.getSideOutput(EVEN);
        even.addSink(new CollectSink<>(tag + "-even")); // chained to the process operator
        even.keyBy(v -> v % 10).reduce(Long::sum).addSink(new CollectSink<>(tag + "-even-sums")); // over the network
        split.getSideOutput(BIG).rebalance().map(String::toUpperCase).addSink(new CollectSink<>(tag + "-big"));
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.start(env);
            assertThat(runner.awaitAll(Duration.ofSeconds(60))).isTrue();
            assertThat(runner.failures()).isEmpty();
        }
        List<Long> odd = input.stream().filter(v -> v % 2 != 0).toList();
        List<Long> evens = input.stream().filter(v -> v % 2 == 0).toList();
        assertThat(CollectSink.<Long>results(tag + "-main")).containsExactlyInAnyOrderElementsOf(odd);
        assertThat(CollectSink.<Long>results(tag + "-even")).containsExactlyInAnyOrderElementsOf(evens);
        Map<Long, Long> totals = new HashMap<>();
        evens.forEach(v -> totals.merge(v % 10, v, Long::sum));
        List<Long> sums = CollectSink.results(tag + "-even-sums");
        assertThat(sums).hasSize(evens.size()).containsAll(totals.values());
        assertThat(CollectSink.<String>results(tag + "-big")).containsExactlyInAnyOrderElementsOf(
                input.stream().filter(v -> v > 900).map(v -> "BIG:" + v).toList());
    }

    /** Counts per key; every third record of a key goes to the side output, and so does each timer's firing. */
    static final class EveryThird extends KeyedProcessFunction<Long, Long, Long> {
        static final OutputTag<String> NOTES = new OutputTag<>("notes") { };
        private transient io.ebbflow.api.state.ValueState<Integer> count;

        @Override
        public void open(io.ebbflow.api.functions.RuntimeContext context) throws Exception {
            super.open(context);
            count = context.getState(new io.ebbflow.api.state.ValueStateDescriptor<>("count", Integer.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            int c = count.value() == null ? 1 : count.value() + 1;
            count.update(c);
            if (c % 3 == 0) {
                ctx.output(NOTES, "third:" + ctx.getCurrentKey());
            }
            out.collect(value);
            if (c == 1) {
                ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Long> out) throws Exception {
            ctx.output(NOTES, "end:" + ctx.getCurrentKey() + "=" + count.value());
        }
    }

    @Test
    void aKeyedProcessFunctionEmitsSideOutputsFromRecordsAndTimers() throws Exception {
        List<Long> input = new ArrayList<>();
        for (long i = 0; i < 1_000; i++) {
            input.add(i % 7);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        SingleOutputStreamOperator<Long> counted = env.fromCollection(input).keyBy(v -> v).process(new EveryThird());
        counted.getSideOutput(EveryThird.NOTES).addSink(new CollectSink<>("keyed-notes"));
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.start(env);
            assertThat(runner.awaitAll(Duration.ofSeconds(60))).isTrue();
            assertThat(runner.failures()).isEmpty();
        }
        Map<Long, Integer> perKey = new HashMap<>();
        input.forEach(v -> perKey.merge(v, 1, Integer::sum));
        List<String> expected = new ArrayList<>();
        perKey.forEach((k, n) -> {
            for (int c = 3; c <= n; c += 3) {
                expected.add("third:" + k);
            }
            expected.add("end:" + k + "=" + n);
        });
        assertThat(CollectSink.<String>results("keyed-notes")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aValueOfAnotherTypeThanTheTagsFailsTheJobNamingTheTag() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SingleOutputStreamOperator<Long> op = env.fromSequence(1, 10).process(new ProcessFunction<Long, Long>() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public void processElement(Long value, Context ctx, Collector<Long> out) {
                ctx.output((OutputTag) WORDS, value); // what an unchecked cast in user code can do
            }
        });
        op.getSideOutput(WORDS).addSink(new CollectSink<>("wrong-type"));
        try (LocalJobRunner runner = new LocalJobRunner(1)) {
            runner.start(env);
            runner.awaitAll(Duration.ofSeconds(60));
            assertThat(runner.failures().values()).anySatisfy(t ->
                    assertThat(rootMessage(t)).contains("side output 'words'").contains("java.lang.Long"));
        }
    }

    @Test
    void oneTagIdReadWithTwoTypesIsRefusedWhenTheJobIsBuilt() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SingleOutputStreamOperator<Long> op = env.fromSequence(1, 10).process(new Split()).name("splitter");
        op.getSideOutput(new OutputTag<>("x", String.class));
        assertThatThrownBy(() -> op.getSideOutput(new OutputTag<>("x", Long.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("side output 'x'").hasMessageContaining("'splitter'");
    }

    private static String rootMessage(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
