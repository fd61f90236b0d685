package io.ebbflow.runtime.operators;

import io.ebbflow.api.CoGroupedStreams.TaggedUnion;
import io.ebbflow.api.functions.BaseBroadcastProcessFunction;
import io.ebbflow.api.functions.BroadcastProcessFunction;
import io.ebbflow.api.state.BroadcastState;
import io.ebbflow.api.state.MapStateDescriptor;
import io.ebbflow.api.state.ReadOnlyBroadcastState;
import java.util.List;

/**
 * Runs a {@link BroadcastProcessFunction}: records of the first input (tagged 1) see the broadcast states read
 * only, records of the broadcast input (tagged 2, every one reaching every subtask) may change them.
 */
final class BroadcastProcessOperator<IN1, IN2, O> extends StreamOperator<TaggedUnion<IN1, IN2>, O> {

    private final BroadcastProcessFunction<IN1, IN2, O> fn;
    private final BroadcastStates states;
    private TimestampedCollector<O> collector;
    private long currentTimestamp;
    private long currentWatermark = Long.MIN_VALUE;
    private ReadOnlyContextImpl readOnlyCtx;
    private ContextImpl ctx;

    BroadcastProcessOperator(BroadcastProcessFunction<IN1, IN2, O> fn, List<MapStateDescriptor<?, ?>> descriptors) {
        this.fn = fn;
        this.states = new BroadcastStates(descriptors, fn);
    }

    private final class ReadOnlyContextImpl extends BaseBroadcastProcessFunction.ReadOnlyContext {
        @Override
        public <X> void output(io.ebbflow.api.util.OutputTag<X> outputTag, X value) {
            collector.output(outputTag, value);
        }

        ReadOnlyContextImpl(BaseBroadcastProcessFunction f) {
            f.super();
        }

        @Override
        public Long timestamp() {
            return currentTimestamp == Output.NO_TIMESTAMP ? null : currentTimestamp;
        }

        @Override
        public long currentProcessingTime() {
            return context.processingTime().now();
        }

        @Override
        public long currentWatermark() {
            return currentWatermark;
        }

        @Override
        public <K, V> ReadOnlyBroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor) {
            return states.readOnly(descriptor);
        }
    }

    private final class ContextImpl extends BaseBroadcastProcessFunction.Context {
        @Override
        public <X> void output(io.ebbflow.api.util.OutputTag<X> outputTag, X value) {
            collector.output(outputTag, value);
        }

        ContextImpl(BaseBroadcastProcessFunction f) {
            f.super();
        }

        @Override
        public Long timestamp() {
            return currentTimestamp == Output.NO_TIMESTAMP ? null : currentTimestamp;
        }

        @Override
        public long currentProcessingTime() {
            return context.processingTime().now();
        }

        @Override
        public long currentWatermark() {
            return currentWatermark;
        }

        @Override
        public <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor) {
            return states.writable(descriptor);
        }
    }

    @Override
    public Object userFunction() {
        return states;
    }

    @Override
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        readOnlyCtx = new ReadOnlyContextImpl(fn);
        ctx = new ContextImpl(fn);
        openFunction(fn);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void processElement(TaggedUnion<IN1, IN2> value, long timestamp) throws Exception {
        currentTimestamp = timestamp;
        collector.timestamp = timestamp;
        if (value.isOne()) {
            fn.processElement((IN1) value.value(), readOnlyCtx, collector);
        } else {
            fn.processBroadcastElement((IN2) value.value(), ctx, collector);
        }
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        currentWatermark = watermark;
        super.processWatermark(watermark);
    }

    @Override
    public void close() throws Exception {
        closeFunction(fn);
    }
}
