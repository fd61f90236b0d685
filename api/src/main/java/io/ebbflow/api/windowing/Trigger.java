package io.ebbflow.api.windowing;

import io.ebbflow.api.state.ReducingState;
import io.ebbflow.api.state.ReducingStateDescriptor;
import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;
import java.io.Serializable;

/**
 * Decides when a window is evaluated (fired) and when its contents are dropped (purged). Its state and
 * timers belong to the current key and window.
 */
public abstract class Trigger<T, W extends Window> implements Serializable {

    public abstract TriggerResult onElement(T element, long timestamp, W window, TriggerContext ctx) throws Exception;

    public abstract TriggerResult onProcessingTime(long time, W window, TriggerContext ctx) throws Exception;

    public abstract TriggerResult onEventTime(long time, W window, TriggerContext ctx) throws Exception;

    /** Removes the trigger's state and timers for the window (the window is being dropped). */
    public abstract void clear(W window, TriggerContext ctx) throws Exception;

    /**
     * Whether this trigger supports merging windows (sessions); then {@link #onMerge} must merge its state and
     * set its timers for the merged window. A merging assigner with a trigger that cannot merge is refused
     * when the job is built.
     */
    public boolean canMerge() {
        return false;
    }

    /** Called when windows merged into {@code window}; the merged windows' states are still there to merge. */
    public void onMerge(W window, OnMergeContext ctx) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support merging windows");
    }

    /** A {@link TriggerContext} that can also merge the merged windows' state into the new window's. */
    public interface OnMergeContext extends TriggerContext {
        /** Merges the state of {@code descriptor} (reducing, aggregating or list state) of the merged windows. */
        <S> void mergePartitionedState(io.ebbflow.api.state.StateDescriptor<S> descriptor);
    }

    /** What a trigger may use. */
    public interface TriggerContext {
        long getCurrentProcessingTime();

        long getCurrentWatermark();

        void registerProcessingTimeTimer(long time);

        void registerEventTimeTimer(long time);

        void deleteProcessingTimeTimer(long time);

        void deleteEventTimeTimer(long time);

        <S> ValueState<S> getValueState(ValueStateDescriptor<S> descriptor);

        <S> ReducingState<S> getReducingState(ReducingStateDescriptor<S> descriptor);
    }
}
