package io.ebbflow.jm.autoscaler;

/**
 * One vertex's metrics at one moment, with Flink's names: the busiest subtask's {@code busyTimeMsPerSecond}
 * (so skew makes the estimate conservative), and the rates and the backlog summed over its subtasks.
 *
 * @param pendingRecords a source's backlog; -1 when it cannot tell (and for other vertices)
 * @param busyTimeMsPerSecondAvg the subtasks' mean {@code busyTimeMsPerSecond}: how busy the vertex would be without
 *     skew, at the same speed per subtask
 */
public record VertexSample(double busyTimeMsPerSecond, double numRecordsInPerSecond, double numRecordsOutPerSecond,
        long pendingRecords, double busyTimeMsPerSecondAvg) {

    /** A vertex without skew (or whose skew is unknown): the mean busy time is the busiest's. */
    public VertexSample(double busyTimeMsPerSecond, double numRecordsInPerSecond, double numRecordsOutPerSecond,
            long pendingRecords) {
        this(busyTimeMsPerSecond, numRecordsInPerSecond, numRecordsOutPerSecond, pendingRecords, busyTimeMsPerSecond);
    }
}
