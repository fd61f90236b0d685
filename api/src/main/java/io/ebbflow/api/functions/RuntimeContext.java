package io.ebbflow.api.functions;

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

/**
 * What a rich function sees of the subtask that runs it. Keyed state is available only in functions
 * that run after {@code keyBy}; its values are those of the key of the record being processed.
 */
public interface RuntimeContext {

    String getJobId();

    String getTaskName();

    int getIndexOfThisSubtask();

    int getNumberOfParallelSubtasks();

    int getMaxNumberOfParallelSubtasks();

    <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor);

    <T> ListState<T> getListState(ListStateDescriptor<T> descriptor);

    <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor);

    <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor);

    <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> descriptor);

    /**
     * The job accumulator {@code name} of this subtask (created on first use); the job's value is the sum
     * over its subtasks, and it is checkpointed with the subtask's state.
     */
    io.ebbflow.api.accumulators.LongCounter getLongCounter(String name);

    /** Publishes to the cluster's event bus (for sinks that let results be watched live). */
    ExternalPublisher getPublisher();

    /** Publishes text messages to an address outside the dataflow. */
    @FunctionalInterface
    interface ExternalPublisher {
        void publish(String address, String message);
    }
}
