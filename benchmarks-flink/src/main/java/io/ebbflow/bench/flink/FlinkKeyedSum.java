package io.ebbflow.bench.flink;

import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * Ebbflow's KeyedSum example written against Apache Flink and run in Flink's MiniCluster: the longs
 * 0, 1, 2, ... (unbounded), keyBy(value mod keys), a running sum per key in a ValueState, each new sum
 * emitted as (key, sum) into a discarding sink; heap state. The keyed operator counts
 * its records in a LongAdder, sampled once per second.
 *
 * <pre>FlinkKeyedSum PARALLELISM WARMUP_SECONDS MEASURE_SECONDS KEYS CHECKPOINT_INTERVAL_MS(0 = off) OBJECT_REUSE(true|false)</pre>
 *
 * Prints one {@code RESULT} line in the same format as Ebbflow's side.
 */
public final class FlinkKeyedSum {

    static final LongAdder PROCESSED = new LongAdder();

    private FlinkKeyedSum() {
    }

    public static void main(String[] args) throws Exception {
        int parallelism = Integer.parseInt(args[0]);
        int warmupSeconds = Integer.parseInt(args[1]);
        int measureSeconds = Integer.parseInt(args[2]);
        long keys = Long.parseLong(args[3]);
        long checkpointMillis = Long.parseLong(args[4]);
        boolean objectReuse = Boolean.parseBoolean(args[5]);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, new Configuration());
        if (checkpointMillis > 0) {
            env.enableCheckpointing(checkpointMillis);
        }
        if (objectReuse) {
            env.getConfig().enableObjectReuse();
        }
        env.fromSequence(0, Long.MAX_VALUE).name("Sequence")
                .keyBy(v -> v % keys, Types.LONG)
                .process(new RunningSum()).name("Running sum")
                .sinkTo(new DiscardingSink<>()).name("Discard");
        long submitted = System.nanoTime();
        JobClient job = env.executeAsync("KeyedSum");

        String runtime = "flink-1.20.0" + (objectReuse ? "-object-reuse" : "")
                + (checkpointMillis > 0 ? "-checkpoint-" + checkpointMillis + "ms" : "");
        FlinkSampler.run(PROCESSED, runtime, parallelism, keys, warmupSeconds, measureSeconds,
                submitted, Long.MAX_VALUE);
        job.cancel();
        System.exit(0);
    }

    /** The running sum per key. */
    static final class RunningSum extends KeyedProcessFunction<Long, Long, Tuple2<Long, Long>> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> sum;

        @Override
        public void open(OpenContext context) {
            sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Types.LONG));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Tuple2<Long, Long>> out) throws Exception {
            Long current = sum.value();
            long next = (current == null ? 0 : current) + value;
            sum.update(next);
            PROCESSED.increment();
            out.collect(Tuple2.of(ctx.getCurrentKey(), next));
        }
    }
}
