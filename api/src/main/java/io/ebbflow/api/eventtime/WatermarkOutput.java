package io.ebbflow.api.eventtime;

/** Where a {@link WatermarkGenerator} emits watermarks. Watermarks never go backwards. */
public interface WatermarkOutput {
    void emitWatermark(long watermark);

    /**
     * This output has no data for now (a partition with no new records): it does not hold back the watermark of
     * the operators downstream until it emits again (Flink's idleness). By default ignored.
     */
    default void markIdle() {
    }

    /** This output has data again (emitting a record or a watermark also says so). By default ignored. */
    default void markActive() {
    }
}
