package io.ebbflow.core.checkpoint;

import io.ebbflow.core.protocol.Require;
import java.util.List;

/**
 * The handle of what one subtask stored for a checkpoint, sent to its JobMaster in
 * {@code AcknowledgeCheckpoint} and kept in the checkpoint's metadata: its state file (null if it had no keyed state) and, per
 * operator of its chain, where each key group is and its operator state.
 *
 * @param file the state file, relative to the checkpoint's directory
 * @param size bytes in the file
 */
public record SubtaskSnapshot(String vertexId, int subtaskIndex, int parallelism, String file, long size,
        List<OperatorSnapshot> operators) {

    public SubtaskSnapshot {
        Require.present(vertexId, "vertexId");
        Require.between(parallelism, 1, Integer.MAX_VALUE, "parallelism");
        Require.between(subtaskIndex, 0, parallelism - 1, "subtaskIndex");
        Require.atLeast(size, 0, "size");
        operators = Require.list(operators, "operators", 10_000);
    }

    /** Bytes of state: the file and the operator state items. */
    public long stateSize() {
        long n = size;
        for (OperatorSnapshot o : operators) {
            for (List<byte[]> items : o.listStates().values()) {
                for (byte[] b : items) {
                    n += b.length;
                }
            }
            for (List<byte[]> items : o.unionStates().values()) {
                for (byte[] b : items) {
                    n += b.length;
                }
            }
        }
        return n;
    }
}
