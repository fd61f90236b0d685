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

        /**
         * The id of the checkpoint or savepoint the state was restored from, if it was restored. Checkpoint ids
         * grow over a job's life (and continue after a savepoint it started from), so side effects a function
         * committed for a later checkpoint belong to a run this one replaces.
         */
        default java.util.OptionalLong getRestoredCheckpointId() {
            return java.util.OptionalLong.empty();
        }

        /**
         * Identifies this deployment of the job: the same for all the subtasks it started, different for every start,
         * restart, rescale or failover (empty where the runtime does not tell). Side effects a function committed
         * under another deployment's id and a checkpoint later than {@link #getRestoredCheckpointId()} belong to a run
         * this one replaces; those committed under this id belong to this run, even when a sibling subtask committed
         * them before this one was initialized.
         */
        default String getDeploymentId() {
            return "";
        }

        OperatorStateStore getOperatorStateStore();
    }
}
