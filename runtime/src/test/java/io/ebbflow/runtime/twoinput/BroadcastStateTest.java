package io.ebbflow.runtime.twoinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.BroadcastStream;
import io.ebbflow.api.DataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.functions.BroadcastProcessFunction;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.KeyedBroadcastProcessFunction;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.state.ListState;
import io.ebbflow.api.state.ListStateDescriptor;
import io.ebbflow.api.state.MapStateDescriptor;
import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.tuple.Tuple3;
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

/** Broadcast state: every subtask gets every broadcast record, reads the state read-only on the other side. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BroadcastStateTest {

    static final MapStateDescriptor<Integer, Long> FACTORS = new MapStateDescriptor<>("factors", Integer.class, Long.class);

    private static void run(StreamExecutionEnvironment env) throws Exception {
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.start(env);
            assertThat(runner.awaitAll(Duration.ofSeconds(90))).isTrue();
            assertThat(runner.failures()).isEmpty();
        }
    }

    /**
     * Multiplies each number by the factor of its residue (number mod 5). A number whose factor has not arrived yet
     * waits in a list of the subtask until it does. Emits (subtask, "factor", residue) for each broadcast record
     * seen, and (number, product) for each number.
     */
    static final class Multiply extends BroadcastProcessFunction<Long, Tuple2<Integer, Long>, Tuple3<Object, Object, Object>> {
        private final List<Long> waiting = new ArrayList<>();

        @Override
        public void processElement(Long value, ReadOnlyContext ctx, Collector<Tuple3<Object, Object, Object>> out) throws Exception {
            Long factor = ctx.getBroadcastState(FACTORS).get((int) (value % 5));
            if (factor == null) {
                waiting.add(value);
            } else {
                out.collect(Tuple3.of("product", value, value * factor));
            }
        }

        @Override
        public void processBroadcastElement(Tuple2<Integer, Long> value, Context ctx, Collector<Tuple3<Object, Object, Object>> out)
                throws Exception {
            ctx.getBroadcastState(FACTORS).put(value.f0, value.f1);
            out.collect(Tuple3.of("factor", value.f0, getRuntimeContext().getIndexOfThisSubtask()));
            List<Long> still = new ArrayList<>();
            for (Long v : waiting) {
                if ((int) (v % 5) == value.f0) {
                    out.collect(Tuple3.of("product", v, v * value.f1));
                } else {
                    still.add(v);
                }
            }
            waiting.clear();
            waiting.addAll(still);
        }
    }

    @Test
    void everySubtaskSeesEveryBroadcastRecordAndEveryNumberIsMultipliedOnce() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(3);
        List<Tuple2<Integer, Long>> factors = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            factors.add(Tuple2.of(r, 10L + r));
        }
        BroadcastStream<Tuple2<Integer, Long>> broadcast = env.fromCollection(factors).setParallelism(1).broadcast(FACTORS);
        env.fromSequence(1, 3_000).connect(broadcast).process(new Multiply()).addSink(new CollectSink<>("multiply"));
        run(env);

        List<Tuple3<Object, Object, Object>> expected = new ArrayList<>();
        for (long v = 1; v <= 3_000; v++) {
            expected.add(Tuple3.of("product", v, v * (10 + v % 5)));
        }
        for (int subtask = 0; subtask < 3; subtask++) {
            for (int r = 0; r < 5; r++) {
                expected.add(Tuple3.of("factor", r, subtask));
            }
        }
        assertThat(CollectSink.<Tuple3<Object, Object, Object>>results("multiply")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theOtherSideCannotChangeABroadcastStateAndUnknownStatesAreNamed() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSequence(1, 3).connect(env.fromSequence(1, 1).broadcast(FACTORS))
                .process(new BroadcastProcessFunction<Long, Long, String>() {
                    @Override
                    public void processElement(Long value, ReadOnlyContext ctx, Collector<String> out) throws Exception {
                        try {
                            ctx.getBroadcastState(FACTORS).clear();
                        } catch (UnsupportedOperationException e) {
                            out.collect("read only");
                        }
                        try {
                            ctx.getBroadcastState(new MapStateDescriptor<>("other", String.class, String.class));
                        } catch (IllegalArgumentException e) {
                            out.collect(e.getMessage());
                        }
                    }

                    @Override
                    public void processBroadcastElement(Long value, Context ctx, Collector<String> out) {
                    }
                }).addSink(new CollectSink<>("read-only"));
        run(env);
        assertThat(CollectSink.<String>results("read-only")).hasSize(6).contains("read only")
                .anySatisfy(m -> assertThat(m).contains("'other' is not a broadcast state").contains("factors"));
    }

    /**
     * The keyed side: a running sum per key of value × the factor of the key's residue. Values whose factor is not
     * known yet wait in keyed list state; when the factor arrives, applyToKeyedState visits every key's waiting
     * list and settles those it can. Emits (key, running sum).
     */
    static final class KeyedMultiply extends KeyedBroadcastProcessFunction<Integer, Tuple2<Integer, Long>, Tuple2<Integer, Long>,
            Tuple2<Integer, Long>> {
        static final ListStateDescriptor<Long> WAITING = new ListStateDescriptor<>("waiting", Long.class);
        private transient ValueState<Long> sum;
        private transient ListState<Long> waiting;

        @Override
        public void open(RuntimeContext context) throws Exception {
            super.open(context);
            sum = context.getState(new ValueStateDescriptor<>("sum", Long.class));
            waiting = context.getListState(WAITING);
        }

        @Override
        public void processElement(Tuple2<Integer, Long> value, ReadOnlyContext ctx, Collector<Tuple2<Integer, Long>> out)
                throws Exception {
            Long factor = ctx.getBroadcastState(FACTORS).get(value.f0 % 5);
            if (factor == null) {
                waiting.add(value.f1);
            } else {
                Long s = sum.value();
                long next = (s == null ? 0 : s) + value.f1 * factor;
                sum.update(next);
                out.collect(Tuple2.of(ctx.getCurrentKey(), next));
            }
        }

        @Override
        public void processBroadcastElement(Tuple2<Integer, Long> value, Context ctx, Collector<Tuple2<Integer, Long>> out)
                throws Exception {
            ctx.getBroadcastState(FACTORS).put(value.f0, value.f1);
            ctx.applyToKeyedState(WAITING, (key, list) -> {
                if (key % 5 != value.f0) {
                    return;
                }
                Long s = sum.value();
                long next = s == null ? 0 : s;
                for (Long v : list.get()) {
                    next += v * value.f1;
                }
                sum.update(next);
                list.clear();
                out.collect(Tuple2.of(key, next));
            });
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7})
    void keyedSideSettlesWaitingKeysThroughApplyToKeyedState(long seed) throws Exception {
        Random random = new Random(seed);
        List<Tuple2<Integer, Long>> values = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            values.add(Tuple2.of(random.nextInt(23), (long) random.nextInt(1_000)));
        }
        List<Tuple2<Integer, Long>> factors = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            factors.add(Tuple2.of(r, 1L + random.nextInt(9)));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<Tuple2<Integer, Long>> input = env.fromCollection(values);
        input.keyBy(t -> t.f0).connect(env.fromCollection(factors).broadcast(FACTORS)).process(new KeyedMultiply())
                .addSink(new CollectSink<>("keyed-multiply-" + seed));
        run(env);

        Map<Integer, Long> expected = new HashMap<>();
        for (Tuple2<Integer, Long> v : values) {
            expected.merge(v.f0, v.f1 * factors.get(v.f0 % 5).f1, Long::sum);
        }
        Map<Integer, Long> finals = new HashMap<>();
        for (Tuple2<Integer, Long> t : CollectSink.<Tuple2<Integer, Long>>results("keyed-multiply-" + seed)) {
            finals.merge(t.f0, t.f1, Math::max);
        }
        assertThat(finals).isEqualTo(expected);
    }
}
