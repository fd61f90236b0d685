package io.ebbflow.runtime.operators;

import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.ReduceFunction;
import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;
import io.ebbflow.runtime.state.InternalTimers;

/** A rolling reduce per key: keeps the reduced value in keyed state and emits it after every record. */
final class KeyedReduceOperator<T> extends KeyedOperator<T, T> {

    private final ReduceFunction<T> fn;
    private ValueState<T> state;

    KeyedReduceOperator(ReduceFunction<T> fn, KeySelector<?, ?> keySelector) {
        super(keySelector);
        this.fn = fn;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object userFunction() {
        return fn;
    }

    @Override
    public void open() throws Exception {
        super.open();
        state = backend.valueState(new ValueStateDescriptor("reduce-value", Object.class), false);
        openFunction(fn);
    }

    @Override
    public void processElement(T value, long timestamp) throws Exception {
        setKeyOf(value);
        T current = state.value();
        T next = current == null ? value : fn.reduce(current, value);
        state.update(next);
        output.collect(next, timestamp);
    }

    @Override
    protected void onEventTime(InternalTimers.Timer timer) {
    }

    @Override
    protected void onProcessingTime(InternalTimers.Timer timer) {
    }

    @Override
    public void close() throws Exception {
        closeFunction(fn);
    }
}
