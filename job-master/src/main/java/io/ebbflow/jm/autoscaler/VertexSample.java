package io.ebbflow.jm.autoscaler;

/**
 * One vertex's metrics at one moment, with Flink's names: the busiest subtask's {@code busyTimeMsPerSecond}
 * (so skew makes the estimate conservative), and the rates and the backlog summed over its subtasks.
 *
 * @param pendingRecords a source's backlog; -1 when it cannot tell (and for other vertices)
 */
public record VertexSample(double busyTimeMsPerSecond, double numRecordsInPerSecond, double numRecordsOutPerSecond,
        long pendingRecords) {
}
