package io.ebbflow.runtime.checkpoint;

import io.ebbflow.core.checkpoint.CheckpointStatus;
import io.ebbflow.core.checkpoint.SubtaskCheckpointStats;
import java.util.List;

/**
 * One checkpoint as the REST API and the dashboard show it.
 *
 * @param status IN_PROGRESS, COMPLETED or FAILED
 * @param duration milliseconds from trigger to completion or failure (so far, while in progress)
 * @param subtasks the acknowledgements received, in arrival order, with each part's duration
 */
public record CheckpointStats(long id, CheckpointStatus status, boolean savepoint, long triggerTimestamp,
        long latestAckTimestamp, long duration, long stateSize, int numAcknowledged, int numSubtasks,
        String externalPath, String failureMessage, List<SubtaskCheckpointStats> subtasks) {

    public CheckpointStats {
        subtasks = subtasks == null ? List.of() : List.copyOf(subtasks);
    }

    /** The longest synchronous part (the longest pause at the barrier) over the acknowledged subtasks, -1 if none reported. */
    public long maxSyncDurationMicros() {
        return subtasks.stream().mapToLong(SubtaskCheckpointStats::syncDurationMicros).max().orElse(-1);
    }

    /** The longest asynchronous part over the acknowledged subtasks, -1 if none reported. */
    public long maxAsyncDurationMicros() {
        return subtasks.stream().mapToLong(SubtaskCheckpointStats::asyncDurationMicros).max().orElse(-1);
    }
}
