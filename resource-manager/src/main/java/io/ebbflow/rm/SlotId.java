package io.ebbflow.rm;

/**
 * A slot's identity: its TaskExecutor and its index there. Written {@code <taskExecutorId>_<index>}, as
 * Flink writes slot ids, which is also its key in the shared slot ledger.
 */
public record SlotId(String taskExecutorId, int index) implements Comparable<SlotId> {

    public String key() {
        return taskExecutorId + "_" + index;
    }

    @Override
    public int compareTo(SlotId o) {
        int c = taskExecutorId.compareTo(o.taskExecutorId);
        return c != 0 ? c : Integer.compare(index, o.index);
    }

    @Override
    public String toString() {
        return key();
    }
}
