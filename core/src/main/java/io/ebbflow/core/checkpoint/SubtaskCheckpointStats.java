package io.ebbflow.core.checkpoint;

/**
 * One subtask's acknowledgement of a checkpoint in the checkpoint statistics.
 *
 * @param ackTimestamp when the JobMaster received it (epoch millis)
 * @param stateSize bytes the subtask stored
 * @param syncDurationMicros its pause at the barrier ({@link SubtaskCheckpointMetrics}), -1 if unknown
 * @param asyncDurationMicros serializing and writing its state off its thread, -1 if unknown
 */
public record SubtaskCheckpointStats(String vertexId, int subtaskIndex, long ackTimestamp, long stateSize,
        long syncDurationMicros, long asyncDurationMicros) {
}
