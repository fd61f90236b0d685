package io.ebbflow.runtime.operators;

/** Where an operator emits: records (with their event-time timestamp) and watermarks. */
public interface Output<T> {

    /** Timestamp value of a record that has none. */
    long NO_TIMESTAMP = Long.MIN_VALUE;

    void collect(T record, long timestamp);

    void emitWatermark(long watermark);

    /**
     * A record into the side output {@code tag}. By default it goes nowhere: an output reaches side
     * outputs only where something reads them ({@code getSideOutput}), as in Flink.
     */
    default void collectSide(io.ebbflow.api.util.OutputTag<?> tag, Object record, long timestamp) {
    }
}
