package io.ebbflow.api.windowing;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What the session assigners share: each element opens {@code [t, t + gap)} (its event time or the current
 * processing time) and a key's windows that overlap or touch merge, so a session ends after a gap without
 * elements. The public classes are Flink's names for its four kinds.
 */
abstract class SessionWindowAssigner<T> extends MergingWindowAssigner<T, TimeWindow> {

    private final boolean eventTime;
    private final SessionWindowTimeGapExtractor<T> gap;

    SessionWindowAssigner(boolean eventTime, SessionWindowTimeGapExtractor<T> gap) {
        this.eventTime = eventTime;
        this.gap = Objects.requireNonNull(gap, "session gap extractor");
    }

    /** A fixed gap in milliseconds, checked. */
    static long gapMillis(Duration gap) {
        if (gap == null || gap.isNegative() || gap.isZero()) {
            throw new IllegalArgumentException("a session gap must be positive, got " + gap);
        }
        return gap.toMillis();
    }

    @Override
    public Collection<TimeWindow> assignWindows(T element, long timestamp, long currentProcessingTime) {
        long start = eventTime ? requireTimestamp(timestamp) : currentProcessingTime;
        long g = gap.extract(element);
        if (g <= 0) {
            throw new IllegalArgumentException("a session gap must be positive, got " + g + " ms for " + element);
        }
        return List.of(new TimeWindow(start, start + g));
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Trigger<T, TimeWindow> getDefaultTrigger() {
        return (Trigger) (eventTime ? EventTimeTrigger.create() : ProcessingTimeTrigger.create());
    }

    @Override
    public boolean isEventTime() {
        return eventTime;
    }

    @Override
    public void mergeWindows(Collection<TimeWindow> windows, MergeCallback<TimeWindow> callback) {
        TimeWindow.mergeWindows(windows, callback);
    }
}
