package io.ebbflow.api.windowing;

import java.time.Duration;

/** Session windows in event time with a fixed gap: a key's session ends after the gap without elements. */
public class EventTimeSessionWindows extends SessionWindowAssigner<Object> {

    private final long gap;

    protected EventTimeSessionWindows(long gap) {
        super(true, element -> gap);
        this.gap = gap;
    }

    public static EventTimeSessionWindows withGap(Duration gap) {
        return new EventTimeSessionWindows(gapMillis(gap));
    }

    /** Sessions whose gap each element decides (in milliseconds). */
    public static <T> DynamicEventTimeSessionWindows<T> withDynamicGap(SessionWindowTimeGapExtractor<T> extractor) {
        return new DynamicEventTimeSessionWindows<>(extractor);
    }

    public long getGap() {
        return gap;
    }

    @Override
    public String toString() {
        return "EventTimeSessionWindows(" + gap + ")";
    }
}
