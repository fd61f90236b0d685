package io.ebbflow.api.connector;

/** Where a reader emits records. */
public interface ReaderOutput<T> {

    /** Emits a record without a timestamp. */
    void collect(T record);

    /** Emits a record with its event-time timestamp (epoch ms). */
    void collect(T record, long timestamp);

    /**
     * An output for the records of one split, with a watermark generator of its own (Flink's per-partition
     * watermarks): the subtask's watermark is the minimum over its splits' outputs that are not idle. By default
     * (a runtime without per-split watermarks) this output itself.
     */
    default ReaderOutput<T> createOutputForSplit(String splitId) {
        return this;
    }

    /** The split is done or gone: its output no longer holds the subtask's watermark back. */
    default void releaseOutputForSplit(String splitId) {
    }
}
