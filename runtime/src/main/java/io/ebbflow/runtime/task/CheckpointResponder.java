package io.ebbflow.runtime.task;

import io.ebbflow.core.checkpoint.SubtaskCheckpointMetrics;
import io.ebbflow.core.checkpoint.SubtaskSnapshot;

/** Where a subtask reports the outcome of its part of a checkpoint (to the JobMaster). */
public interface CheckpointResponder {

    /**
     * The subtask's state for the checkpoint is stored, with how long its synchronous and asynchronous
     * parts took. Called from the snapshot writer's thread.
     */
    void acknowledge(TaskSpec task, long checkpointId, SubtaskSnapshot snapshot, SubtaskCheckpointMetrics metrics);

    /** The subtask could not take part (it failed to write, or it has finished). */
    void decline(TaskSpec task, long checkpointId, String reason);

    /** Ignores everything (jobs without checkpointing). */
    CheckpointResponder NONE = new CheckpointResponder() {
        @Override
        public void acknowledge(TaskSpec task, long checkpointId, SubtaskSnapshot snapshot, SubtaskCheckpointMetrics metrics) {
        }

        @Override
        public void decline(TaskSpec task, long checkpointId, String reason) {
        }
    };
}
