package io.ebbflow.api.windowing;

import java.time.Duration;
import java.util.Collection;

/** Fixed-size windows that start every {@code slide}, in processing time. */
public class SlidingProcessingTimeWindows extends WindowAssigner<Object, TimeWindow> {

    private final long size;
    private final long slide;

    protected SlidingProcessingTimeWindows(long size, long slide) {
        if (size <= 0 || slide <= 0) {
            throw new IllegalArgumentException("size and slide must be positive");
        }
        this.size = size;
        this.slide = slide;
    }

    public static SlidingProcessingTimeWindows of(Duration size, Duration slide) {
        return new SlidingProcessingTimeWindows(size.toMillis(), slide.toMillis());
    }

    @Override
    public Collection<TimeWindow> assignWindows(Object element, long timestamp, long currentProcessingTime) {
        return SlidingEventTimeWindows.slidingWindows(currentProcessingTime, size, slide, 0);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Trigger<Object, TimeWindow> getDefaultTrigger() {
        return (Trigger) ProcessingTimeTrigger.create();
    }

    @Override
    public boolean isEventTime() {
        return false;
    }
}
