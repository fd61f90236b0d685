package io.ebbflow.runtime.operators;

import io.ebbflow.api.CoGroupedStreams.TaggedUnion;
import io.ebbflow.api.accumulators.LongCounter;
import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.ProcessJoinFunction;
import io.ebbflow.api.state.MapState;
import io.ebbflow.api.state.MapStateDescriptor;
import io.ebbflow.runtime.state.InternalTimers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An interval join of two keyed inputs: a left record at {@code t} pairs with every right record of its key at
 * {@code [t + lower, t + upper]}; the pair's timestamp is the larger of the two. Each side's records wait in keyed
 * map state (by timestamp) until the watermark passes the last time a record of the other side could pair with
 * them; an event-time timer per side and timestamp then removes them. So the state restores by key group, at any
 * parallelism, with its clean-up timers. A record behind the watermark is dropped, as in Flink, and counted in
 * the job accumulator {@value #LATE_RECORDS}.
 */
final class IntervalJoinOperator<IN1, IN2, O> extends KeyedTwoInputOperator<IN1, IN2, O> {

    static final String LATE_RECORDS = "interval-join-late-records-dropped";
    private static final String LEFT = "left";
    private static final String RIGHT = "right";

    private final ProcessJoinFunction<IN1, IN2, O> function;
    private final long lower;
    private final long upper;
    private ContextImpl ctx;
    private MapState<Long, List<Object>> leftBuffer;
    private MapState<Long, List<Object>> rightBuffer;
    private LongCounter late;

    IntervalJoinOperator(ProcessJoinFunction<IN1, IN2, O> fn, long lower, long upper, KeySelector<?, ?> keySelector) {
        super(fn, keySelector);
        this.function = fn;
        this.lower = lower;
        this.upper = upper;
    }

    private final class ContextImpl extends ProcessJoinFunction<IN1, IN2, O>.Context {
        @Override
        public <X> void output(io.ebbflow.api.util.OutputTag<X> outputTag, X value) {
            collector.output(outputTag, value);
        }

        long leftTimestamp;
        long rightTimestamp;

        ContextImpl(ProcessJoinFunction<IN1, IN2, O> f) {
            f.super();
        }

        @Override
        public long getLeftTimestamp() {
            return leftTimestamp;
        }

        @Override
        public long getRightTimestamp() {
            return rightTimestamp;
        }

        @Override
        public long getTimestamp() {
            return Math.max(leftTimestamp, rightTimestamp);
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected void createContexts() {
        ctx = new ContextImpl(function);
        leftBuffer = (MapState) backend.mapState(new MapStateDescriptor<>("__interval-join-left", Long.class, List.class), false);
        rightBuffer = (MapState) backend.mapState(new MapStateDescriptor<>("__interval-join-right", Long.class, List.class), false);
        late = context.counter(LATE_RECORDS);
    }

    @Override
    public void processElement(TaggedUnion<IN1, IN2> value, long timestamp) throws Exception {
        if (timestamp == Output.NO_TIMESTAMP) {
            throw new IllegalStateException("interval join '" + context.operatorName() + "' received a record without an "
                    + "event-time timestamp: assign timestamps to both inputs (assignTimestampsAndWatermarks)");
        }
        long watermark = timers.currentWatermark();
        if (watermark != Long.MIN_VALUE && timestamp < watermark) {
            late.add(1);
            return;
        }
        setKeyOf(value);
        boolean isLeft = value.isOne();
        MapState<Long, List<Object>> own = isLeft ? leftBuffer : rightBuffer;
        List<Object> bucket = own.get(timestamp);
        if (bucket == null) {
            bucket = new ArrayList<>();
        }
        bucket.add(value.value());
        own.put(timestamp, bucket);
        // The other side's records this one pairs with: right at [t + lower, t + upper] for a left record,
        // left at [t - upper, t - lower] for a right one.
        long from = isLeft ? timestamp + lower : timestamp - upper;
        long to = isLeft ? timestamp + upper : timestamp - lower;
        for (Map.Entry<Long, List<Object>> e : (isLeft ? rightBuffer : leftBuffer).entries()) {
            long other = e.getKey();
            if (other < from || other > to) {
                continue;
            }
            for (Object o : e.getValue()) {
                if (isLeft) {
                    emit(value.value(), timestamp, o, other);
                } else {
                    emit(o, other, value.value(), timestamp);
                }
            }
        }
        registerEventTimeTimer(isLeft ? LEFT : RIGHT, cleanupTime(isLeft, timestamp));
    }

    /** After this time no record of the other side can pair with a record of this side at {@code timestamp}. */
    private long cleanupTime(boolean isLeft, long timestamp) {
        long reach = isLeft ? upper : -lower;
        return reach > 0 ? timestamp + reach : timestamp;
    }

    @SuppressWarnings("unchecked")
    private void emit(Object left, long leftTimestamp, Object right, long rightTimestamp) throws Exception {
        ctx.leftTimestamp = leftTimestamp;
        ctx.rightTimestamp = rightTimestamp;
        collector.timestamp = Math.max(leftTimestamp, rightTimestamp);
        function.processElement((IN1) left, (IN2) right, ctx, collector);
    }

    @Override
    protected void onEventTime(InternalTimers.Timer timer) {
        boolean isLeft = LEFT.equals(timer.namespace());
        long reach = isLeft ? upper : -lower;
        long bucket = reach > 0 ? timer.timestamp() - reach : timer.timestamp();
        (isLeft ? leftBuffer : rightBuffer).remove(bucket);
    }

    @Override
    protected void onTimer(long time, io.ebbflow.api.functions.KeyedProcessFunction.TimeDomain domain) {
        // onEventTime is overridden (clean-up timers carry the side in their namespace); no processing-time timers
    }
}
