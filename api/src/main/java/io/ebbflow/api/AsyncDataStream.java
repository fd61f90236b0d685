package io.ebbflow.api;

import io.ebbflow.api.functions.AsyncFunction;
import io.ebbflow.api.graph.OperatorSpec;
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

    private static <IN, OUT> SingleOutputStreamOperator<OUT> addOperator(DataStream<IN> in,
            AsyncFunction<IN, OUT> function, long timeout, TimeUnit timeUnit, int capacity, OutputMode mode) {
        Objects.requireNonNull(in, "input stream");
        Objects.requireNonNull(function, "async function");
        Objects.requireNonNull(timeUnit, "time unit");
        if (capacity <= 0) {
            throw new IllegalArgumentException("the capacity of an async operator must be positive, not " + capacity);
        }
        String name = mode == OutputMode.ORDERED ? "Async Wait (ordered)" : "Async Wait (unordered)";
        return in.operator(name, new OperatorSpec.AsyncWait(function, timeUnit.toMillis(timeout), capacity,
                mode == OutputMode.ORDERED));
    }
}
