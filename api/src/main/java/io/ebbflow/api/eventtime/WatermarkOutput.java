package io.ebbflow.api.eventtime;

/** Where a {@link WatermarkGenerator} emits watermarks. Watermarks never go backwards. */
public interface WatermarkOutput {
    void emitWatermark(long watermark);
}
