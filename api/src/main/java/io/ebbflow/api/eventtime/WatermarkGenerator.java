package io.ebbflow.api.eventtime;

import java.io.Serializable;

/** Generates watermarks from the events it sees, per subtask. */
public interface WatermarkGenerator<T> extends Serializable {

    /** Called for every event; may emit a watermark. */
    void onEvent(T event, long eventTimestamp, WatermarkOutput output);

    /** Called every {@code pipeline.auto-watermark-interval}; may emit a watermark. */
    void onPeriodicEmit(WatermarkOutput output);
}
