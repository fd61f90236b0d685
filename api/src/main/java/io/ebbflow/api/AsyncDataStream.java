package io.ebbflow.api;

import io.ebbflow.api.functions.AsyncFunction;
import io.ebbflow.api.functions.AsyncRetryStrategy;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.api.util.retryable.AsyncRetryStrategies;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Asynchronous I/O: applies an {@link AsyncFunction} to a stream with at most {@code capacity} calls in flight
 * per subtask. When that many are in flight the subtask takes no more input until one completes (back
 * pressure, never an unbounded queue). Each call that has no answer after {@code timeout} goes to
 * {@link AsyncFunction#timeout} (a timeout of 0 or less: calls never time out, as in Flink). The elements still in flight at a checkpoint are part of it and are called
 * again after a restore or rescale, so each element's results are emitted once with an exactly-once sink.
 *
 * <p>{@code orderedWait} emits results in the order of the input elements; {@code unorderedWait} emits each as
 * soon as it is complete, but never across a watermark: results of elements before a watermark are emitted
 * before it, results of elements after it after it. Watermarks always keep their order.
 *
 * <p>The {@code ...WithRetry} variants call an element again when its outcome matches the
 * {@link AsyncRetryStrategy}'s predicates (an empty answer, an error), after the strategy's backoff and as often as
 * it allows ({@code io.ebbflow.api.util.retryable.AsyncRetryStrategies}). The timeout covers all attempts of an
 * element: once it has passed, no retry is made, a pending one is dropped, and {@link AsyncFunction#timeout} decides.
 * An element waiting for a retry is in flight: it holds its place in the capacity and in the order, is part of a
 * checkpoint, and is called afresh (from its first attempt) after a restore or rescale.
 */
public final class AsyncDataStream {

    /** The default most calls in flight per subtask (Flink's). */
    public static final int DEFAULT_QUEUE_CAPACITY = 100;

    /** How results are ordered. */
    public enum OutputMode {
        ORDERED,
        UNORDERED
    }

    private AsyncDataStream() {
    }

    public static <IN, OUT> SingleOutputStreamOperator<OUT> orderedWait(DataStream<IN> in, AsyncFunction<IN, OUT> function,
            long timeout, TimeUnit timeUnit) {
        return orderedWait(in, function, timeout, timeUnit, DEFAULT_QUEUE_CAPACITY);
    }

    public static <IN, OUT> SingleOutputStreamOperator<OUT> orderedWait(DataStream<IN> in, AsyncFunction<IN, OUT> function,
            long timeout, TimeUnit timeUnit, int capacity) {
        return addOperator(in, function, timeout, timeUnit, capacity, OutputMode.ORDERED);
    }

    public static <IN, OUT> SingleOutputStreamOperator<OUT> unorderedWait(DataStream<IN> in,
            AsyncFunction<IN, OUT> function, long timeout, TimeUnit timeUnit) {
        return unorderedWait(in, function, timeout, timeUnit, DEFAULT_QUEUE_CAPACITY);
    }

    public static <IN, OUT> SingleOutputStreamOperator<OUT> unorderedWait(DataStream<IN> in,
            AsyncFunction<IN, OUT> function, long timeout, TimeUnit timeUnit, int capacity) {
        return addOperator(in, function, timeout, timeUnit, capacity, OutputMode.UNORDERED);
    }

    /** {@link #orderedWait} with retries as {@code retryStrategy} says, at most {@link #DEFAULT_QUEUE_CAPACITY} in flight. */
    public static <IN, OUT> SingleOutputStreamOperator<OUT> orderedWaitWithRetry(DataStream<IN> in,
            AsyncFunction<IN, OUT> function, long timeout, TimeUnit timeUnit, AsyncRetryStrategy<OUT> retryStrategy) {
        return orderedWaitWithRetry(in, function, timeout, timeUnit, DEFAULT_QUEUE_CAPACITY, retryStrategy);
    }

    /** {@link #orderedWait} with retries as {@code retryStrategy} says. */
    public static <IN, OUT> SingleOutputStreamOperator<OUT> orderedWaitWithRetry(DataStream<IN> in,
            AsyncFunction<IN, OUT> function, long timeout, TimeUnit timeUnit, int capacity,
            AsyncRetryStrategy<OUT> retryStrategy) {
        return addOperator(in, function, timeout, timeUnit, capacity, OutputMode.ORDERED, retryStrategy);
    }

    /** {@link #unorderedWait} with retries as {@code retryStrategy} says, at most {@link #DEFAULT_QUEUE_CAPACITY} in flight. */
    public static <IN, OUT> SingleOutputStreamOperator<OUT> unorderedWaitWithRetry(DataStream<IN> in,
            AsyncFunction<IN, OUT> function, long timeout, TimeUnit timeUnit, AsyncRetryStrategy<OUT> retryStrategy) {
        return unorderedWaitWithRetry(in, function, timeout, timeUnit, DEFAULT_QUEUE_CAPACITY, retryStrategy);
    }

    /** {@link #unorderedWait} with retries as {@code retryStrategy} says. */
    public static <IN, OUT> SingleOutputStreamOperator<OUT> unorderedWaitWithRetry(DataStream<IN> in,
            AsyncFunction<IN, OUT> function, long timeout, TimeUnit timeUnit, int capacity,
            AsyncRetryStrategy<OUT> retryStrategy) {
        return addOperator(in, function, timeout, timeUnit, capacity, OutputMode.UNORDERED, retryStrategy);
    }

    @SuppressWarnings("unchecked")
    private static <IN, OUT> SingleOutputStreamOperator<OUT> addOperator(DataStream<IN> in,
            AsyncFunction<IN, OUT> function, long timeout, TimeUnit timeUnit, int capacity, OutputMode mode) {
        return addOperator(in, function, timeout, timeUnit, capacity, mode, AsyncRetryStrategies.NO_RETRY_STRATEGY);
    }

    private static <IN, OUT> SingleOutputStreamOperator<OUT> addOperator(DataStream<IN> in,
            AsyncFunction<IN, OUT> function, long timeout, TimeUnit timeUnit, int capacity, OutputMode mode,
            AsyncRetryStrategy<OUT> retryStrategy) {
        Objects.requireNonNull(retryStrategy, "retry strategy (AsyncRetryStrategies.NO_RETRY_STRATEGY for none)");
        Objects.requireNonNull(in, "input stream");
        Objects.requireNonNull(function, "async function");
        Objects.requireNonNull(timeUnit, "time unit");
        if (capacity <= 0) {
            throw new IllegalArgumentException("the capacity of an async operator must be positive, not " + capacity);
        }
        String name = mode == OutputMode.ORDERED ? "Async Wait (ordered)" : "Async Wait (unordered)";
        return in.operator(name, new OperatorSpec.AsyncWait(function, timeUnit.toMillis(timeout), capacity,
                mode == OutputMode.ORDERED, retryStrategy));
    }
}
