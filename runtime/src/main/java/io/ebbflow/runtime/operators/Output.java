package io.ebbflow.runtime.operators;

/** Where an operator emits: records (with their event-time timestamp) and watermarks. */
public interface Output<T> {

    /** Timestamp value of a record that has none. */
    long NO_TIMESTAMP = Long.MIN_VALUE;

    void collect(T record, long timestamp);

    void emitWatermark(long watermark);
}
