package io.ebbflow.runtime.operators;

import io.ebbflow.api.CoGroupedStreams.TaggedUnion;
import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.KeyedBroadcastProcessFunction;
import io.ebbflow.api.functions.KeyedProcessFunction;
import io.ebbflow.api.functions.KeyedStateFunction;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.functions.TimerService;
import io.ebbflow.api.state.AggregatingStateDescriptor;
import io.ebbflow.api.state.BroadcastState;
import io.ebbflow.api.state.ListStateDescriptor;
import io.ebbflow.api.state.MapStateDescriptor;
import io.ebbflow.api.state.ReadOnlyBroadcastState;
import io.ebbflow.api.state.ReducingStateDescriptor;
import io.ebbflow.api.state.State;
import io.ebbflow.api.state.StateDescriptor;
import io.ebbflow.api.state.ValueStateDescriptor;
import io.ebbflow.runtime.state.StateTable;
import java.util.List;

/**
 * Runs a {@link KeyedBroadcastProcessFunction}: records of the keyed input (tagged 1) run with their key's state
 * and timers and read the broadcast states; broadcast records (tagged 2) run without a key, may change the
 * broadcast states and may visit every key's state of this subtask ({@code applyToKeyedState}).
 */
final class KeyedBroadcastProcessOperator<KS, IN1, IN2, O> extends KeyedTwoInputOperator<IN1, IN2, O> {

    private final KeyedBroadcastProcessFunction<KS, IN1, IN2, O> function;
    private final BroadcastStates states;
    private ReadOnlyContextImpl readOnlyCtx;
    private ContextImpl ctx;
    private OnTimerContextImpl timerCtx;
    private RuntimeContext runtimeContext;

    KeyedBroadcastProcessOperator(KeyedBroadcastProcessFunction<KS, IN1, IN2, O> fn, List<MapStateDescriptor<?, ?>> descriptors,
            KeySelector<?, ?> keySelector) {
        super(fn, keySelector);
        this.function = fn;
        this.states = new BroadcastStates(descriptors, fn);
    }

    private class ReadOnlyContextImpl extends KeyedBroadcastProcessFunction<KS, IN1, IN2, O>.ReadOnlyContext {
        @Override
        public <X> void output(io.ebbflow.api.util.OutputTag<X> outputTag, X value) {
            collector.output(outputTag, value);
        }

        ReadOnlyContextImpl(KeyedBroadcastProcessFunction<KS, IN1, IN2, O> f) {
            f.super();
        }

        @Override
        public Long timestamp() {
            return timestampOrNull();
        }

        @Override
        public long currentProcessingTime() {
            return context.processingTime().now();
        }

        @Override
        public long currentWatermark() {
            return timers.currentWatermark();
        }

        @Override
        public <K, V> ReadOnlyBroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor) {
            return states.readOnly(descriptor);
        }

        @Override
        public TimerService timerService() {
            return timerService;
        }

        @Override
        @SuppressWarnings("unchecked")
        public KS getCurrentKey() {
            return (KS) backend.currentKey();
        }
    }

    private final class OnTimerContextImpl extends KeyedBroadcastProcessFunction<KS, IN1, IN2, O>.OnTimerContext {
        @Override
        public <X> void output(io.ebbflow.api.util.OutputTag<X> outputTag, X value) {
            collector.output(outputTag, value);
        }

        KeyedProcessFunction.TimeDomain domain;

        OnTimerContextImpl(KeyedBroadcastProcessFunction<KS, IN1, IN2, O> f) {
            f.super();
        }

        @Override
        public KeyedProcessFunction.TimeDomain timeDomain() {
            return domain;
        }

        @Override
        public Long timestamp() {
            return readOnlyCtx.timestamp();
        }

        @Override
        public long currentProcessingTime() {
            return readOnlyCtx.currentProcessingTime();
        }

        @Override
        public long currentWatermark() {
            return readOnlyCtx.currentWatermark();
        }

        @Override
        public <K, V> ReadOnlyBroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor) {
            return readOnlyCtx.getBroadcastState(descriptor);
        }

        @Override
        public TimerService timerService() {
            return timerService;
        }

        @Override
        public KS getCurrentKey() {
            return readOnlyCtx.getCurrentKey();
        }
    }

    private final class ContextImpl extends KeyedBroadcastProcessFunction<KS, IN1, IN2, O>.Context {
        @Override
        public <X> void output(io.ebbflow.api.util.OutputTag<X> outputTag, X value) {
            collector.output(outputTag, value);
        }

        ContextImpl(KeyedBroadcastProcessFunction<KS, IN1, IN2, O> f) {
            f.super();
        }

        @Override
        public Long timestamp() {
            return timestampOrNull();
        }

        @Override
        public long currentProcessingTime() {
            return context.processingTime().now();
        }

        @Override
        public long currentWatermark() {
            return timers.currentWatermark();
        }

        @Override
        public <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor) {
            return states.writable(descriptor);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <VS, S extends State> void applyToKeyedState(StateDescriptor<VS> descriptor, KeyedStateFunction<KS, S> function)
                throws Exception {
            StateTable table = backend.tables().get(descriptor.getName());
            if (table == null) {
                return; // no key has a value yet
            }
            S state = (S) stateOf(descriptor);
            Object previousKey = backend.currentKey();
            int previousGroup = backend.currentKeyGroup();
            try {
                for (StateTable.KeyInGroup k : table.keys()) {
                    backend.setCurrentKey(k.key(), k.keyGroup());
                    function.process((KS) k.key(), state);
                }
            } finally {
                backend.setCurrentKey(previousKey, previousGroup);
            }
        }
    }

    private State stateOf(StateDescriptor<?> d) {
        if (d instanceof ValueStateDescriptor<?> v) {
            return runtimeContext.getState(v);
        } else if (d instanceof ListStateDescriptor<?> l) {
            return runtimeContext.getListState(l);
        } else if (d instanceof MapStateDescriptor<?, ?> m) {
            return runtimeContext.getMapState(m);
        } else if (d instanceof ReducingStateDescriptor<?> r) {
            return runtimeContext.getReducingState(r);
        } else if (d instanceof AggregatingStateDescriptor<?, ?, ?> a) {
            return runtimeContext.getAggregatingState(a);
        }
        throw new IllegalArgumentException("applyToKeyedState does not know the state kind of " + d);
    }

    @Override
    public Object userFunction() {
        return states;
    }

    @Override
    protected void createContexts() {
        readOnlyCtx = new ReadOnlyContextImpl(function);
        ctx = new ContextImpl(function);
        timerCtx = new OnTimerContextImpl(function);
        runtimeContext = new StreamingRuntimeContext(context);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void processElement(TaggedUnion<IN1, IN2> value, long timestamp) throws Exception {
        stamp(timestamp);
        if (value.isOne()) {
            setKeyOf(value);
            function.processElement((IN1) value.value(), readOnlyCtx, collector);
        } else {
            function.processBroadcastElement((IN2) value.value(), ctx, collector);
        }
    }

    @Override
    protected void onTimer(long time, KeyedProcessFunction.TimeDomain domain) throws Exception {
        timerCtx.domain = domain;
        function.onTimer(time, timerCtx, collector);
    }
}
