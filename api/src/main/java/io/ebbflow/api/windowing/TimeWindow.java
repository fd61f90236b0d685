package io.ebbflow.api.windowing;

/** The time interval {@code [start, end)} in milliseconds. */
public final class TimeWindow extends Window {

    private final long start;
    private final long end;

    public TimeWindow(long start, long end) {
        this.start = start;
        this.end = end;
    }

    public long getStart() {
        return start;
    }

    public long getEnd() {
        return end;
    }

    @Override
    public long maxTimestamp() {
        return end - 1;
    }

    /** Flink's start of the window of size {@code windowSize} (with offset) that contains {@code timestamp}. */
    public static long getWindowStartWithOffset(long timestamp, long offset, long windowSize) {
        final long remainder = (timestamp - offset) % windowSize;
        return remainder < 0 ? timestamp - (remainder + windowSize) : timestamp - remainder;
    }

    /** Whether the two windows overlap or touch (so sessions merge them). */
    public boolean intersects(TimeWindow other) {
        return start <= other.end && end >= other.start;
    }

    /** The smallest window containing both. */
    public TimeWindow cover(TimeWindow other) {
        return new TimeWindow(Math.min(start, other.start), Math.max(end, other.end));
    }

    /**
     * Merges overlapping windows: sorted by start, each run of windows that intersect one another becomes
     * their cover; a run of two or more is reported to {@code callback}.
     */
    public static void mergeWindows(java.util.Collection<TimeWindow> windows,
            MergingWindowAssigner.MergeCallback<TimeWindow> callback) {
        java.util.List<TimeWindow> sorted = new java.util.ArrayList<>(windows);
        sorted.sort(java.util.Comparator.comparingLong(TimeWindow::getStart));
        java.util.List<TimeWindow> run = new java.util.ArrayList<>();
        TimeWindow cover = null;
        for (TimeWindow w : sorted) {
            if (cover != null && cover.intersects(w)) {
                run.add(w);
                cover = cover.cover(w);
                continue;
            }
            if (run.size() > 1) {
                callback.merge(run, cover);
            }
            run = new java.util.ArrayList<>();
            run.add(w);
            cover = w;
        }
        if (run.size() > 1) {
            callback.merge(run, cover);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeWindow w && w.start == start && w.end == end;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(start) * 31 + Long.hashCode(end);
    }

    @Override
    public String toString() {
        return "TimeWindow{start=" + start + ", end=" + end + "}";
    }
}
