package io.ebbflow.api.connector;

/** Where a reader emits records. */
public interface ReaderOutput<T> {

    /** Emits a record without a timestamp. */
    void collect(T record);

    /** Emits a record with its event-time timestamp (epoch ms). */
    void collect(T record, long timestamp);
}
