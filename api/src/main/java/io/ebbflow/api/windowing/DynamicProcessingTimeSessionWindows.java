package io.ebbflow.api.windowing;

/** Session windows in processing time whose gap each element decides (in milliseconds). */
public class DynamicProcessingTimeSessionWindows<T> extends SessionWindowAssigner<T> {

    protected DynamicProcessingTimeSessionWindows(SessionWindowTimeGapExtractor<T> extractor) {
        super(false, extractor);
    }

    public static <T> DynamicProcessingTimeSessionWindows<T> withDynamicGap(SessionWindowTimeGapExtractor<T> extractor) {
        return new DynamicProcessingTimeSessionWindows<>(extractor);
    }
}
