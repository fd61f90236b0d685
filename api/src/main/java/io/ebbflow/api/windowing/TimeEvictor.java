package io.ebbflow.api.windowing;

import java.time.Duration;
import java.util.Iterator;

/**
 * Keeps the elements of the last {@code windowSize} of event time, measured back from the largest
 * timestamp in the window: an element with timestamp {@code <= max - windowSize} is evicted.
 */
public final class TimeEvictor<W extends Window> implements Evictor<Object, W> {

    private final long windowSize;
    private final boolean doEvictAfter;

    private TimeEvictor(long windowSize, boolean doEvictAfter) {
        this.windowSize = windowSize;
        this.doEvictAfter = doEvictAfter;
    }

    /** Evicts before the window function runs. */
    public static <W extends Window> TimeEvictor<W> of(Duration windowSize) {
        return new TimeEvictor<>(windowSize.toMillis(), false);
    }

    public static <W extends Window> TimeEvictor<W> of(Duration windowSize, boolean doEvictAfter) {
        return new TimeEvictor<>(windowSize.toMillis(), doEvictAfter);
    }

    @Override
    public void evictBefore(Iterable<TimestampedValue<Object>> elements, int size, W window, EvictorContext ctx) {
        if (!doEvictAfter) {
            evict(elements);
        }
    }

    @Override
    public void evictAfter(Iterable<TimestampedValue<Object>> elements, int size, W window, EvictorContext ctx) {
        if (doEvictAfter) {
            evict(elements);
        }
    }

    private void evict(Iterable<TimestampedValue<Object>> elements) {
        long max = Long.MIN_VALUE;
        boolean any = false;
        for (TimestampedValue<Object> e : elements) {
            if (!e.hasTimestamp()) {
                return;
            }
            any = true;
            max = Math.max(max, e.getTimestamp());
        }
        if (!any) {
            return;
        }
        long cutoff = max - windowSize;
        for (Iterator<TimestampedValue<Object>> it = elements.iterator(); it.hasNext(); ) {
            if (it.next().getTimestamp() <= cutoff) {
                it.remove();
            }
        }
    }
}
