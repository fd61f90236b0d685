package io.ebbflow.examples.checker;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.accumulators.LongCounter;
import io.ebbflow.api.connector.DiscardingSink;
import io.ebbflow.api.connector.ExactlyOnceFileSink;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.KeyedProcessFunction;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.utils.ParameterTool;

/**
 * The exactly-once oracle: a source emits, for every key, the sequence numbers 0, 1, 2, ... in order;
 * a keyed checker keeps the last number per key in state and counts every record whose number is not
 * the last plus one (a gap: lost records or lost state; a repeat: records counted twice). The counts are
 * the job accumulators {@code records-checked} and {@code violations} ({@code GET /jobs/:id/accumulators}),
 * checkpointed with the job, so through failures, restarts and rescales {@code violations} stays 0.
 *
 * <pre>
 * --keys N            keys (default 1000)
 * --rate R            records per second over all source subtasks (default 20000; 0 = unlimited)
 * --count C           records per key, then the job ends (default: unbounded)
 * --splits S          source splits, the most source subtasks that get work (default 16)
 * --checkpoint-interval MS  (default 1000)
 * --output DIR        also write "key,seq" lines for every 100th sequence number with the exactly-once file sink
 * </pre>
 */
public final class ExactlyOnceChecker {

    private ExactlyOnceChecker() {
    }

    /** Counts gaps and repeats per key. */
    public static final class Checker extends KeyedProcessFunction<Integer, Tuple2<Integer, Long>, String> {
        private transient ValueState<Long> last;
        private transient LongCounter checked;
        private transient LongCounter violations;

        @Override
        public void open(RuntimeContext context) throws Exception {
            super.open(context);
            last = context.getState(new ValueStateDescriptor<>("last-seq", Long.class));
            checked = context.getLongCounter("records-checked");
            violations = context.getLongCounter("violations");
        }

        @Override
        public void processElement(Tuple2<Integer, Long> value, Context ctx, Collector<String> out) throws Exception {
            Long previous = last.value();
            long expected = previous == null ? 0 : previous + 1;
            checked.increment();
            if (value.f1 != expected) {
                violations.increment();
                out.collect("VIOLATION key " + value.f0 + ": got " + value.f1 + ", expected " + expected);
            }
            last.update(value.f1);
        }
    }

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(params.getLong("checkpoint-interval", 1000));
        int keys = params.getInt("keys", 1000);
        var numbers = env.fromSource(new KeyedSequenceSource(keys, params.getInt("splits", 16),
                params.getLong("count", Long.MAX_VALUE), params.getDouble("rate", 20_000)),
                WatermarkStrategy.<Tuple2<Integer, Long>>noWatermarks(), "Sequences").uid("sequences");
        var violations = numbers.keyBy(t -> t.f0).process(new Checker()).uid("checker").name("Checker");
        violations.print().name("Violations");
        if (params.has("output")) {
            numbers.filter(t -> t.f1 % 100 == 0).map(t -> t.f0 + "," + t.f1).uid("sampled")
                    .addSink(new ExactlyOnceFileSink<>(params.get("output"))).uid("exactly-once-files").name("Files");
        } else {
            numbers.addSink(new DiscardingSink<>()).name("Discard");
        }
        env.execute("Exactly-once checker");
    }
}
