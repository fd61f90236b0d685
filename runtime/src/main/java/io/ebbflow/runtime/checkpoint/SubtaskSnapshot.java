package io.ebbflow.runtime.checkpoint;

import java.util.List;

/**
 * What one subtask stored for a checkpoint: its state file (null if it had no keyed state) and, per
 * operator of its chain, where each key group is and its operator state.
 *
 * @param file the state file, relative to the checkpoint's directory
 * @param size bytes in the file
 */
public record SubtaskSnapshot(String vertexId, int subtaskIndex, int parallelism, String file, long size,
        List<OperatorSnapshot> operators) {

    public SubtaskSnapshot {
        operators = List.copyOf(operators);
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
