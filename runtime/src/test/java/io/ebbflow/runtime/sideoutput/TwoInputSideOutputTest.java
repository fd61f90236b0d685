package io.ebbflow.runtime.sideoutput;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.BroadcastStream;
import io.ebbflow.api.DataStream;
import io.ebbflow.api.SingleOutputStreamOperator;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.BroadcastProcessFunction;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.CoProcessFunction;
import io.ebbflow.api.functions.KeyedBroadcastProcessFunction;
import io.ebbflow.api.functions.KeyedCoProcessFunction;
import io.ebbflow.api.functions.ProcessJoinFunction;
import io.ebbflow.api.state.MapStateDescriptor;
import io.ebbflow.api.util.OutputTag;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.testing.CollectSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ctx.output(tag, value)} in the two-input process functions (co-process, keyed co-process, broadcast,
 * keyed broadcast, interval join), from their records and from their timers, on the local runner at
 * parallelism 2; each side output is read by a sink and holds exactly what the functions put in it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TwoInputSideOutputTest {

    static final OutputTag<String> SIDE = new OutputTag<>("side", String.class);
    static final MapStateDescriptor<String, String> WORDS = new MapStateDescriptor<>("words", String.class, String.class);
    static final int N = 200;
    static final List<String> WORD_LIST = List.of("alpha", "beta", "gamma");

    static final class Co extends CoProcessFunction<Long, String, Long> {
        @Override
        public void processElement1(Long value, Context ctx, Collector<Long> out) {
            if (value % 5 == 0) {
                ctx.output(SIDE, "co:" + value + "@" + ctx.timestamp());
            } else {
                out.collect(value);
            }
        }

        @Override
        public void processElement2(String value, Context ctx, Collector<Long> out) {
            ctx.output(SIDE, "co:" + value);
        }
    }

    static final class KeyedCo extends KeyedCoProcessFunction<Long, Long, Long, Long> {
        @Override
        public void processElement1(Long value, Context ctx, Collector<Long> out) {
            ctx.timerService().registerEventTimeTimer(10_000);
            if (value % 7 == 0) {
                ctx.output(SIDE, "kco:" + ctx.getCurrentKey() + ":" + value);
            }
        }

        @Override
        public void processElement2(Long value, Context ctx, Collector<Long> out) {
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Long> out) {
            ctx.output(SIDE, "kco-timer:" + ctx.getCurrentKey() + "@" + timestamp);
        }
    }

    static final class Bcast extends BroadcastProcessFunction<Long, String, Long> {
        @Override
        public void processElement(Long value, ReadOnlyContext ctx, Collector<Long> out) {
            if (value % 10 == 0) {
                ctx.output(SIDE, "b:" + value);
            }
        }

        @Override
        public void processBroadcastElement(String value, Context ctx, Collector<Long> out) throws Exception {
            ctx.getBroadcastState(WORDS).put(value, value);
            ctx.output(SIDE, "bb:" + value);
        }
    }

    static final class KeyedBcast extends KeyedBroadcastProcessFunction<Long, Long, String, Long> {
        @Override
        public void processElement(Long value, ReadOnlyContext ctx, Collector<Long> out) {
            ctx.timerService().registerEventTimeTimer(20_000);
            if (value % 11 == 0) {
                ctx.output(SIDE, "kb:" + value);
            }
        }

        @Override
        public void processBroadcastElement(String value, Context ctx, Collector<Long> out) {
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Long> out) {
            ctx.output(SIDE, "kb-timer:" + ctx.getCurrentKey());
        }
    }

    static final class Join extends ProcessJoinFunction<Long, Long, Long> {
        @Override
        public void processElement(Long left, Long right, Context ctx, Collector<Long> out) {
            if (left % 25 == 0) {
                ctx.output(SIDE, "ij:" + left + "@" + ctx.getTimestamp());
            }
        }
    }

    private static DataStream<Long> numbers(StreamExecutionEnvironment env) {
        List<Long> values = LongStream.range(0, N).boxed().toList();
        return env.fromCollection(values).assignTimestampsAndWatermarks(
                WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((v, ts) -> v));
    }

    @Test
    void everyTwoInputProcessFunctionWritesSideOutputs() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<String> words = env.fromCollection(WORD_LIST);
        BroadcastStream<String> broadcastWords = words.broadcast(WORDS);

        SingleOutputStreamOperator<Long> co = numbers(env).connect(words).process(new Co());
        co.getSideOutput(SIDE).addSink(new CollectSink<>("tiso-co"));
        SingleOutputStreamOperator<Long> keyedCo = numbers(env).connect(numbers(env)).keyBy(v -> v % 3, v -> v % 3)
                .process(new KeyedCo());
        keyedCo.getSideOutput(SIDE).addSink(new CollectSink<>("tiso-kco"));
        SingleOutputStreamOperator<Long> bcast = numbers(env).connect(broadcastWords).process(new Bcast());
        bcast.getSideOutput(SIDE).addSink(new CollectSink<>("tiso-b"));
        SingleOutputStreamOperator<Long> keyedBcast = numbers(env).keyBy(v -> v % 4).connect(broadcastWords)
                .process(new KeyedBcast());
        keyedBcast.getSideOutput(SIDE).rebalance().addSink(new CollectSink<>("tiso-kb"));
        SingleOutputStreamOperator<Long> join = numbers(env).keyBy(v -> v % 2).intervalJoin(numbers(env).keyBy(v -> v % 2))
                .between(Duration.ZERO, Duration.ZERO).process(new Join());
        join.getSideOutput(SIDE).addSink(new CollectSink<>("tiso-ij"));

        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.start(env);
            assertThat(runner.awaitAll(Duration.ofSeconds(60))).isTrue();
            assertThat(runner.failures()).isEmpty();
        }

        List<String> co5 = new ArrayList<>();
        List<String> kco = new ArrayList<>();
        List<String> b = new ArrayList<>();
        List<String> kb = new ArrayList<>();
        List<String> ij = new ArrayList<>();
        for (long v = 0; v < N; v++) {
            if (v % 5 == 0) {
                co5.add("co:" + v + "@" + v);
            }
            if (v % 7 == 0) {
                kco.add("kco:" + (v % 3) + ":" + v);
            }
            if (v % 10 == 0) {
                b.add("b:" + v);
            }
            if (v % 11 == 0) {
                kb.add("kb:" + v);
            }
            if (v % 25 == 0) {
                ij.add("ij:" + v + "@" + v);
            }
        }
        WORD_LIST.forEach(w -> co5.add("co:" + w));
        for (long k = 0; k < 3; k++) {
            kco.add("kco-timer:" + k + "@10000");
        }
        for (int subtask = 0; subtask < 2; subtask++) { // every subtask gets every broadcast element
            WORD_LIST.forEach(w -> b.add("bb:" + w));
        }
        for (long k = 0; k < 4; k++) {
            kb.add("kb-timer:" + k);
        }
        assertThat(CollectSink.<String>results("tiso-co")).containsExactlyInAnyOrderElementsOf(co5);
        assertThat(CollectSink.<String>results("tiso-kco")).containsExactlyInAnyOrderElementsOf(kco);
        assertThat(CollectSink.<String>results("tiso-b")).containsExactlyInAnyOrderElementsOf(b);
        assertThat(CollectSink.<String>results("tiso-kb")).containsExactlyInAnyOrderElementsOf(kb);
        assertThat(CollectSink.<String>results("tiso-ij")).containsExactlyInAnyOrderElementsOf(ij);
    }
}
