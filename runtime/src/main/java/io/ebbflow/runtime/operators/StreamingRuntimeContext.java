package io.ebbflow.runtime.operators;

import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.state.AggregatingState;
import io.ebbflow.api.state.AggregatingStateDescriptor;
import io.ebbflow.api.state.ListState;
import io.ebbflow.api.state.ListStateDescriptor;
import io.ebbflow.api.state.MapState;
import io.ebbflow.api.state.MapStateDescriptor;
import io.ebbflow.api.state.ReducingState;
import io.ebbflow.api.state.ReducingStateDescriptor;
import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;
import io.ebbflow.runtime.state.HeapKeyedStateBackend;

/** The {@link RuntimeContext} rich functions see. */
final class StreamingRuntimeContext implements RuntimeContext {

    private final OperatorContext context;

    StreamingRuntimeContext(OperatorContext context) {
        this.context = context;
    }

    @Override
    public String getJobId() {
        return context.jobId();
    }

    @Override
    public String getTaskName() {
        return context.taskName();
    }

    @Override
    public int getIndexOfThisSubtask() {
        return context.subtaskIndex();
    }

    @Override
    public int getNumberOfParallelSubtasks() {
        return context.parallelism();
    }

    @Override
    public int getMaxNumberOfParallelSubtasks() {
        return context.maxParallelism();
    }

    @Override
    public io.ebbflow.api.accumulators.LongCounter getLongCounter(String name) {
        return context.counter(name);
    }

    private HeapKeyedStateBackend keyed() {
        HeapKeyedStateBackend b = context.keyedStateBackend();
        if (b == null) {
            throw new UnsupportedOperationException("keyed state is only available in functions applied to a keyed "
                    + "stream (after keyBy)");
        }
        return b;
    }

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        return keyed().userValueState(descriptor);
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return keyed().userListState(descriptor);
    }

    @Override
    public <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor) {
        return keyed().userMapState(descriptor);
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        return keyed().userReducingState(descriptor);
    }

    @Override
    public <I, A, O> AggregatingState<I, O> getAggregatingState(AggregatingStateDescriptor<I, A, O> descriptor) {
        return keyed().userAggregatingState(descriptor);
    }

    @Override
    public ExternalPublisher getPublisher() {
        return context.publisher();
    }
}
