package io.ebbflow.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The first step of an interval join ({@link KeyedStream#intervalJoin}): two keyed streams whose records with
 * equal keys are paired when the second's timestamp is within bounds of the first's.
 */
public class IntervalJoin<T1, T2, K> {

    private final KeyedStream<T1, K> left;
    private final KeyedStream<T2, K> right;

    IntervalJoin(KeyedStream<T1, K> left, KeyedStream<T2, K> right) {
        this.left = Objects.requireNonNull(left, "left stream");
        this.right = Objects.requireNonNull(right, "right stream");
    }

    /**
     * Pairs a left record at {@code t} with the right records at {@code t + lower} up to {@code t + upper}
     * (both bounds included unless made exclusive). Needs event-time timestamps on both streams.
     */
    public IntervalJoined<T1, T2, K> between(Duration lowerBound, Duration upperBound) {
        long lower = Objects.requireNonNull(lowerBound, "lower bound").toMillis();
        long upper = Objects.requireNonNull(upperBound, "upper bound").toMillis();
        if (lower > upper) {
            throw new IllegalArgumentException("the lower bound of an interval join (" + lowerBound
                    + ") must not be above its upper bound (" + upperBound + ")");
        }
        return new IntervalJoined<>(left, right, lower, upper);
    }
}
