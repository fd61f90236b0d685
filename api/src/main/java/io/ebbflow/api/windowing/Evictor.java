package io.ebbflow.api.windowing;

import java.io.Serializable;

/**
 * Removes elements from a window before and/or after its function runs. Remove with the iterator of
 * {@code elements}.
 */
public interface Evictor<T, W extends Window> extends Serializable {

    void evictBefore(Iterable<TimestampedValue<T>> elements, int size, W window, EvictorContext ctx);

    void evictAfter(Iterable<TimestampedValue<T>> elements, int size, W window, EvictorContext ctx);

    /** What an evictor may use. */
    interface EvictorContext {
        long getCurrentProcessingTime();

        long getCurrentWatermark();
    }
}
