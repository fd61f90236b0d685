package io.ebbflow.api.functions;

/**
 * Called for each pair of an interval join: a left record and a right record with equal keys whose
 * timestamps are within the join's bounds. The result's timestamp is the larger of the two.
 */
public abstract class ProcessJoinFunction<IN1, IN2, OUT> extends AbstractRichFunction {

    public abstract void processElement(IN1 left, IN2 right, Context ctx, Collector<OUT> out) throws Exception;

    /** The pair's timestamps. */
    public abstract class Context {
        public abstract long getLeftTimestamp();

        public abstract long getRightTimestamp();

        /** The result's timestamp: the larger of the two. */
        public abstract long getTimestamp();

        /** Emits {@code value} into the side output {@code outputTag}, with the pair's timestamp (the larger of the two). */
        public abstract <X> void output(io.ebbflow.api.util.OutputTag<X> outputTag, X value);
    }
}
