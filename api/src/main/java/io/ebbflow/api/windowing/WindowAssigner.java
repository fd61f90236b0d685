package io.ebbflow.api.windowing;

import java.io.Serializable;
import java.util.Collection;

/** Puts each element into zero or more windows. */
public abstract class WindowAssigner<T, W extends Window> implements Serializable {

    /**
     * @param timestamp the element's event-time timestamp, or Long.MIN_VALUE if it has none
     */
    public abstract Collection<W> assignWindows(T element, long timestamp, long currentProcessingTime);

    public abstract Trigger<T, W> getDefaultTrigger();

    /** Whether windows are in event time (their end is reached by the watermark). */
    public abstract boolean isEventTime();

    static long requireTimestamp(long timestamp) {
        if (timestamp == Long.MIN_VALUE) {
            throw new IllegalStateException("record has no event-time timestamp: call assignTimestampsAndWatermarks(...) "
                    + "before an event-time window, or use a processing-time window");
        }
        return timestamp;
    }
}
