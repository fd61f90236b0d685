package io.ebbflow.examples.load;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.DiscardingSink;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.RichMapFunction;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.utils.ParameterTool;
import io.ebbflow.examples.checker.ExactlyOnceChecker;
import java.util.concurrent.locks.LockSupport;

/**
 * A job whose load changes while it runs, for autoscaling: a source at a rate read from a file (see
 * {@link ControlledRateSource}), keyed, and a "call to a slow service" per record that takes a fixed
 * time without using the CPU, so a subtask's busy time follows its share of the rate whatever the machine:
 * with the default 1 ms per record one subtask handles about 1000 records per second. The count per key is
 * kept in state, so rescales move state.
 *
 * <pre>
 * --rate-file PATH    file holding the total rate in records per second, re-read every 0.5 s
 * --rate R            the rate until the file says otherwise (default 100)
 * --cost-us US        time per record in the slow call, microseconds (default 1000)
 * --keys N            keys (default 128)
 * --splits S          source splits, the most source subtasks that get work (default 8)
 * --keep-backlog      a split's backlog survives restarts and rescales, and grows while the job is down, as a
 *                     queue's would (default: the source starts on time again)
 * --checkpoint-interval MS  (default 2000)
 * --check             also check exactly-once: the records of split i have keys i, i + S, ... (keys a multiple of
 *                     S) and consecutive sequence numbers, so a checker keyed by split counts gaps and repeats in
 *                     the accumulator {@code violations}, as {@link ExactlyOnceChecker} does
 * </pre>
 */
public final class VariableLoad {

    private VariableLoad() {
    }

    /** The slow call, then the key's count in state. */
    public static final class SlowCall extends RichMapFunction<Tuple2<Integer, Long>, Tuple2<Integer, Long>> {
        private final long costNanos;
        private transient ValueState<Long> count;

        public SlowCall(long costNanos) {
            this.costNanos = costNanos;
        }

        @Override
        public void open(RuntimeContext context) throws Exception {
            super.open(context);
            count = context.getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public Tuple2<Integer, Long> map(Tuple2<Integer, Long> value) throws Exception {
            long until = System.nanoTime() + costNanos;
            for (long left = costNanos; left > 0; left = until - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
            Long c = count.value();
            long next = c == null ? 1 : c + 1;
            count.update(next);
            return Tuple2.of(value.f0, next);
        }
    }

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(params.getLong("checkpoint-interval", 2000));
        int splits = params.getInt("splits", 8);
        int keys = params.getInt("keys", 128);
        var records = env.fromSource(new ControlledRateSource(params.get("rate-file", null), params.getDouble("rate", 100),
                splits, keys, params.has("keep-backlog")), WatermarkStrategy.<Tuple2<Integer, Long>>noWatermarks(), "Load").uid("load");
        if (params.has("check")) {
            if (splits < 1 || keys % splits != 0) {
                throw new IllegalArgumentException("--check needs --keys to be a multiple of --splits (got keys " + keys
                        + ", splits " + splits + "): only then are a split's keys told apart from the others'");
            }
            records.keyBy(t -> t.f0 % splits).process(new ExactlyOnceChecker.Checker()).uid("checker").name("Checker")
                    .print().name("Violations");
        }
        records.keyBy(t -> t.f0).map(new SlowCall(params.getLong("cost-us", 1000) * 1000)).uid("slow-call").name("Slow call")
                .addSink(new DiscardingSink<>()).name("Discard");
        env.execute("Variable load");
    }
}
