package io.ebbflow.examples.keyedsum;

import io.ebbflow.api.DataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.DiscardingSink;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.KeyedProcessFunction;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.utils.ParameterTool;

/**
 * The throughput job: the longs {@code 0, 1, 2, ...}, keyed by {@code value mod keys}, a running sum per
 * key in keyed state, each new sum emitted as {@code (key, sum)} into a discarding sink. Source and
 * keyed operator exchange records through the network stack (a hash shuffle).
 *
 * <p>Arguments: {@code --count N} (unbounded), {@code --keys N} (10000).
 */
public final class KeyedSum {

    private KeyedSum() {
    }

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        long count = params.getLong("count", Long.MAX_VALUE);
        build(env, count == Long.MAX_VALUE ? Long.MAX_VALUE : count - 1, params.getInt("keys", 10_000));
        env.execute("KeyedSum");
    }

    /** Adds the dataflow over {@code 0..last} to {@code env}; returns the sums. */
    public static DataStream<Tuple2<Long, Long>> build(StreamExecutionEnvironment env, long last, int keys) {
        if (keys < 1) {
            throw new IllegalArgumentException("--keys must be at least 1");
        }
        long k = keys;
        DataStream<Tuple2<Long, Long>> sums = env.fromSequence(0, last).name("Sequence").uid("sequence")
                .keyBy(v -> v % k)
                .process(new RunningSum()).name("Running sum").uid("running-sum");
        sums.addSink(new DiscardingSink<>()).name("Discard");
        return sums;
    }

    /** Keeps each key's sum in a {@link ValueState}. */
    public static final class RunningSum extends KeyedProcessFunction<Long, Long, Tuple2<Long, Long>> {
        private static final long serialVersionUID = 1L;

        private transient ValueState<Long> sum;

        @Override
        public void open(RuntimeContext context) throws Exception {
            super.open(context);
            sum = context.getState(new ValueStateDescriptor<>("sum", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Tuple2<Long, Long>> out) throws Exception {
            Long current = sum.value();
            long next = (current == null ? 0 : current) + value;
            sum.update(next);
            out.collect(Tuple2.of(ctx.getCurrentKey(), next));
        }
    }
}
