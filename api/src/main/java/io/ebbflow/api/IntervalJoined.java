package io.ebbflow.api;

import io.ebbflow.api.functions.ProcessJoinFunction;
import io.ebbflow.api.graph.OperatorSpec;
import java.util.Objects;

/**
 * An interval join with its bounds ({@link IntervalJoin#between}); {@link #process} builds it. The operator keeps
 * each side's records in keyed state until the watermark has passed the last time a record of the other side
 * could still pair with them, then drops them (event-time timers). Records that arrive behind the watermark are
 * dropped, as in Flink.
 */
public class IntervalJoined<T1, T2, K> {

    private final KeyedStream<T1, K> left;
    private final KeyedStream<T2, K> right;
    private final long lower;
    private final long upper;
    private boolean lowerExclusive;
    private boolean upperExclusive;

    IntervalJoined(KeyedStream<T1, K> left, KeyedStream<T2, K> right, long lower, long upper) {
        this.left = left;
        this.right = right;
        this.lower = lower;
        this.upper = upper;
    }

    /** Right records at exactly {@code t + lower} do not pair. */
    public IntervalJoined<T1, T2, K> lowerBoundExclusive() {
        this.lowerExclusive = true;
        return this;
    }

    /** Right records at exactly {@code t + upper} do not pair. */
    public IntervalJoined<T1, T2, K> upperBoundExclusive() {
        this.upperExclusive = true;
        return this;
    }

    public <R> SingleOutputStreamOperator<R> process(ProcessJoinFunction<T1, T2, R> function) {
        Objects.requireNonNull(function, "process join function");
        long lo = lowerExclusive ? lower + 1 : lower;
        long hi = upperExclusive ? upper - 1 : upper;
        if (lo > hi) {
            throw new IllegalArgumentException("the bounds of this interval join [" + lower + ", " + upper + "] ms leave no "
                    + "time once made exclusive");
        }
        StreamExecutionEnvironment env = left.getExecutionEnvironment();
        return TwoInputs.operator(env, "Interval Join",
                TwoInputs.inputs(env, left, right, left.getKeySelector(), right.getKeySelector(), false),
                new OperatorSpec.IntervalJoin(function, lo, hi),
                TwoInputs.operatorKey(left.getKeySelector(), right.getKeySelector()));
    }
}
