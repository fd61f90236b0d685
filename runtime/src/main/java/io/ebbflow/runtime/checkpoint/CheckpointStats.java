package io.ebbflow.runtime.checkpoint;

import io.ebbflow.core.checkpoint.CheckpointStatus;
/**
 * One checkpoint as the REST API and the dashboard show it.
 *
 * @param status IN_PROGRESS, COMPLETED or FAILED
 * @param duration milliseconds from trigger to completion or failure (so far, while in progress)
 */
public record CheckpointStats(long id, CheckpointStatus status, boolean savepoint, long triggerTimestamp,
        long latestAckTimestamp, long duration, long stateSize, int numAcknowledged, int numSubtasks,
        String externalPath, String failureMessage) {
}
