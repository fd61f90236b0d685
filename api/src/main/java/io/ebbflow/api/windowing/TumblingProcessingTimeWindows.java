package io.ebbflow.api.windowing;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** Fixed-size, non-overlapping windows in processing time. */
public class TumblingProcessingTimeWindows extends WindowAssigner<Object, TimeWindow> {

    private final long size;

    protected TumblingProcessingTimeWindows(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("window size must be positive");
        }
        this.size = size;
    }

    public static TumblingProcessingTimeWindows of(Duration size) {
        return new TumblingProcessingTimeWindows(size.toMillis());
    }

    @Override
    public Collection<TimeWindow> assignWindows(Object element, long timestamp, long currentProcessingTime) {
        long start = TimeWindow.getWindowStartWithOffset(currentProcessingTime, 0, size);
        return List.of(new TimeWindow(start, start + size));
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
