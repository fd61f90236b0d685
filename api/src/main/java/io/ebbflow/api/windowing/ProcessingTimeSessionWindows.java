package io.ebbflow.api.windowing;

import java.time.Duration;

/** Session windows in processing time with a fixed gap: a key's session ends after the gap without elements. */
public class ProcessingTimeSessionWindows extends SessionWindowAssigner<Object> {

    private final long gap;

    protected ProcessingTimeSessionWindows(long gap) {
        super(false, element -> gap);
        this.gap = gap;
    }

    public static ProcessingTimeSessionWindows withGap(Duration gap) {
        return new ProcessingTimeSessionWindows(gapMillis(gap));
    }

    /** Sessions whose gap each element decides (in milliseconds). */
    public static <T> DynamicProcessingTimeSessionWindows<T> withDynamicGap(SessionWindowTimeGapExtractor<T> extractor) {
        return new DynamicProcessingTimeSessionWindows<>(extractor);
    }

    public long getGap() {
        return gap;
    }

    @Override
    public String toString() {
        return "ProcessingTimeSessionWindows(" + gap + ")";
    }
}
