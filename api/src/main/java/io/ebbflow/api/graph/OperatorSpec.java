package io.ebbflow.api.graph;

import io.ebbflow.api.connector.Source;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.AggregateFunction;
import io.ebbflow.api.functions.FilterFunction;
import io.ebbflow.api.functions.FlatMapFunction;
import io.ebbflow.api.functions.KeyedProcessFunction;
import io.ebbflow.api.functions.MapFunction;
import io.ebbflow.api.functions.ProcessFunction;
import io.ebbflow.api.functions.ProcessWindowFunction;
import io.ebbflow.api.functions.ReduceFunction;
import io.ebbflow.api.functions.SinkFunction;
import io.ebbflow.api.functions.WindowFunction;
import io.ebbflow.api.windowing.Evictor;
import io.ebbflow.api.windowing.Trigger;
import io.ebbflow.api.windowing.WindowAssigner;

/**
 * What an operator does, as data: the user functions and settings the runtime needs to build the
 * operator on a TaskExecutor. Shipped from the JobMaster to the TaskExecutors.
 */
public sealed interface OperatorSpec {

    /** Reads splits of a source. */
    record SourceOp(Source<?, ?> source, WatermarkStrategy<?> watermarks) implements OperatorSpec { }

    record Map(MapFunction<?, ?> function) implements OperatorSpec { }

    record FlatMap(FlatMapFunction<?, ?> function) implements OperatorSpec { }

    record Filter(FilterFunction<?> function) implements OperatorSpec { }

    record Process(ProcessFunction<?, ?> function) implements OperatorSpec { }

    record KeyedProcess(KeyedProcessFunction<?, ?, ?> function) implements OperatorSpec { }

    /** Rolling reduce per key: emits the reduced value after every record. */
    record KeyedReduce(ReduceFunction<?> function) implements OperatorSpec { }

    record TimestampsAndWatermarks(WatermarkStrategy<?> strategy) implements OperatorSpec { }

    /**
     * A keyed window. {@code evictor} may be null; {@code lateDataTag}, if not null, receives the elements
     * that came too late for every window they belong to (else they are dropped).
     */
    record Window(WindowAssigner<?, ?> assigner, Trigger<?, ?> trigger, Evictor<?, ?> evictor, long allowedLateness,
            WindowFunctionSpec function, io.ebbflow.api.util.OutputTag<?> lateDataTag) implements OperatorSpec {

        /** Late elements are dropped. */
        public Window(WindowAssigner<?, ?> assigner, Trigger<?, ?> trigger, Evictor<?, ?> evictor, long allowedLateness,
                WindowFunctionSpec function) {
            this(assigner, trigger, evictor, allowedLateness, function, null);
        }
    }

    record Sink(SinkFunction<?> function) implements OperatorSpec { }

    /**
     * Asynchronous I/O: at most {@code capacity} calls of {@code function} in flight, each timing out after
     * {@code timeoutMillis}; results in input order if {@code ordered}, else as completed between watermarks.
     */
    record AsyncWait(io.ebbflow.api.functions.AsyncFunction<?, ?> function, long timeoutMillis, int capacity,
            boolean ordered, io.ebbflow.api.functions.AsyncRetryStrategy<?> retryStrategy) implements OperatorSpec {

        /** Without retries. */
        public AsyncWait(io.ebbflow.api.functions.AsyncFunction<?, ?> function, long timeoutMillis, int capacity,
                boolean ordered) {
            this(function, timeoutMillis, capacity, ordered,
                    io.ebbflow.api.util.retryable.AsyncRetryStrategies.NO_RETRY_STRATEGY);
        }
    }

    /**
     * A two-input operator over records tagged by input: a {@code CoMapFunction}, {@code CoFlatMapFunction} or
     * {@code CoProcessFunction} (keyed state if its inputs are keyed, no timers).
     */
    record CoProcess(io.ebbflow.api.functions.Function function) implements OperatorSpec { }

    /**
     * An interval join of two keyed inputs: a left record at {@code t} pairs with right records at
     * {@code [t + lower, t + upper]} (bounds already made inclusive, in milliseconds).
     */
    record IntervalJoin(io.ebbflow.api.functions.ProcessJoinFunction<?, ?, ?> function, long lower, long upper)
            implements OperatorSpec { }

    /** A two-input operator on keyed inputs, with state and timers per key. */
    record KeyedCoProcess(io.ebbflow.api.functions.KeyedCoProcessFunction<?, ?, ?, ?> function) implements OperatorSpec { }

    /**
     * A stream connected to a broadcast stream: a {@code BroadcastProcessFunction}, or a
     * {@code KeyedBroadcastProcessFunction} on a keyed stream; {@code descriptors} are its broadcast states.
     */
    record BroadcastProcess(io.ebbflow.api.functions.BaseBroadcastProcessFunction function,
            java.util.List<io.ebbflow.api.state.MapStateDescriptor<?, ?>> descriptors) implements OperatorSpec {
        public BroadcastProcess {
            descriptors = java.util.List.copyOf(descriptors);
        }
    }

    /** How a window's contents are turned into results. */
    sealed interface WindowFunctionSpec {
        /** Reduce incrementally; then optionally a process function over the single reduced value. */
        record Reduce(ReduceFunction<?> reduce, ProcessWindowFunction<?, ?, ?, ?> process) implements WindowFunctionSpec { }

        /** Aggregate incrementally; then optionally a process function over the single result. */
        record Aggregate(AggregateFunction<?, ?, ?> aggregate, ProcessWindowFunction<?, ?, ?, ?> process)
                implements WindowFunctionSpec { }

        /** A process function over all elements. */
        record Process(ProcessWindowFunction<?, ?, ?, ?> process) implements WindowFunctionSpec { }

        /** A window function over all elements. */
        record Apply(WindowFunction<?, ?, ?, ?> function) implements WindowFunctionSpec { }
    }
}
