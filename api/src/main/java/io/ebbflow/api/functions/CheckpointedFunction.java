package io.ebbflow.api.functions;

import io.ebbflow.api.state.OperatorStateStore;

/**
 * A function with operator (non-keyed) state: lists of items it keeps in an {@link OperatorStateStore}.
 * {@link #initializeState} is called before {@code open}, with the items restored from a checkpoint
 * when the job restarts (split evenly over the new subtasks, or every item to every subtask for union
 * state); {@link #snapshotState} is called at each checkpoint barrier, before the barrier moves on.
 */
public interface CheckpointedFunction {

    void snapshotState(long checkpointId) throws Exception;

    void initializeState(InitializationContext context) throws Exception;

    /** What a function gets at initialisation. */
    interface InitializationContext {
        /** True when the state was restored from a checkpoint or savepoint. */
        boolean isRestored();

        OperatorStateStore getOperatorStateStore();
    }
}
