package io.ebbflow.api.windowing;

/** Session windows in event time whose gap each element decides (in milliseconds). */
public class DynamicEventTimeSessionWindows<T> extends SessionWindowAssigner<T> {

    protected DynamicEventTimeSessionWindows(SessionWindowTimeGapExtractor<T> extractor) {
        super(true, extractor);
    }

    public static <T> DynamicEventTimeSessionWindows<T> withDynamicGap(SessionWindowTimeGapExtractor<T> extractor) {
        return new DynamicEventTimeSessionWindows<>(extractor);
    }
}
