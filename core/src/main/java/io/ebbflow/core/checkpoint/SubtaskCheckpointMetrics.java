package io.ebbflow.core.checkpoint;

import io.ebbflow.core.protocol.Require;

/**
 * How long one subtask's part of a checkpoint took, in Flink's two parts: the synchronous part, during
 * which the subtask processes nothing (operator hooks, operator state, a copy-on-write view of its keyed
 * state, its timers), and the asynchronous part, from the snapshot writer starting on it until its state
 * file is durable (serialization and writing, while the subtask goes on with records; time waiting for a
 * free writer is not included, as in Flink).
 *
 * @param syncDurationMicros the subtask's pause at the barrier, in microseconds; -1 if not reported
 * @param asyncDurationMicros serializing and writing the state file; -1 if not reported
 */
public record SubtaskCheckpointMetrics(long syncDurationMicros, long asyncDurationMicros) {

    /** From a sender that did not measure. */
    public static final SubtaskCheckpointMetrics UNKNOWN = new SubtaskCheckpointMetrics(-1, -1);

    public SubtaskCheckpointMetrics {
        Require.atLeast(syncDurationMicros, -1, "syncDurationMicros");
        Require.atLeast(asyncDurationMicros, -1, "asyncDurationMicros");
    }
}
