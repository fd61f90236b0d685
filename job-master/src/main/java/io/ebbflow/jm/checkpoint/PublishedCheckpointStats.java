package io.ebbflow.jm.checkpoint;

import io.ebbflow.runtime.checkpoint.CheckpointStats;

/**
 * What the metrics read about a job's checkpoints, from any thread: the coordinator publishes a new immutable
 * snapshot from its event loop after every change; readers never touch the coordinator's own state.
 */
public final class PublishedCheckpointStats {

    private record Snapshot(CheckpointStats lastCompleted, int completed, int failed, long restoredAt) {
    }

    private volatile Snapshot snapshot = new Snapshot(null, 0, 0, -1);

    /** Called on the coordinator's event loop. */
    void publish(CheckpointStats lastCompleted, int completed, int failed, long restoredAt) {
        snapshot = new Snapshot(lastCompleted, completed, failed, restoredAt);
    }

    /** The last completed checkpoint's statistics, or null. */
    public CheckpointStats lastCompleted() {
        return snapshot.lastCompleted();
    }

    /** Completed checkpoints. */
    public int completedCount() {
        return snapshot.completed();
    }

    /** Failed checkpoints. */
    public int failedCount() {
        return snapshot.failed();
    }

    /** When the job last restored a checkpoint, or -1. */
    public long restoredAt() {
        return snapshot.restoredAt();
    }
}
