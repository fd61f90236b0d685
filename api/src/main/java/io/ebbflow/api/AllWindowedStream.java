package io.ebbflow.api;

import io.ebbflow.api.functions.AggregateFunction;
import io.ebbflow.api.functions.AllWindowFunction;
import io.ebbflow.api.functions.ProcessAllWindowFunction;
import io.ebbflow.api.functions.ReduceFunction;
import io.ebbflow.api.util.OutputTag;
import io.ebbflow.api.windowing.Evictor;
import io.ebbflow.api.windowing.Trigger;
import io.ebbflow.api.windowing.Window;
import io.ebbflow.api.windowing.WindowAssigner;
import java.time.Duration;

/**
 * A non-keyed stream grouped into windows ({@code windowAll}, {@code countWindowAll}): every record goes
 * to one window operator running at parallelism 1, as in Flink. Finish it with a reduce, aggregate,
 * process or apply.
 */
public class AllWindowedStream<T, W extends Window> {

    private final WindowedStream<T, Byte, W> windowed;

    AllWindowedStream(DataStream<T> input, WindowAssigner<? super T, W> assigner) {
        this.windowed = input.keyBy(new AllWindowFunctions.ConstantKey<T>()).window(assigner);
    }

    public AllWindowedStream<T, W> trigger(Trigger<? super T, ? super W> trigger) {
        windowed.trigger(trigger);
        return this;
    }

    public AllWindowedStream<T, W> evictor(Evictor<? super T, ? super W> evictor) {
        windowed.evictor(evictor);
        return this;
    }

    public AllWindowedStream<T, W> allowedLateness(Duration lateness) {
        windowed.allowedLateness(lateness);
        return this;
    }

    public AllWindowedStream<T, W> sideOutputLateData(OutputTag<T> tag) {
        windowed.sideOutputLateData(tag);
        return this;
    }

    public SingleOutputStreamOperator<T> reduce(ReduceFunction<T> reducer) {
        return nonParallel(windowed.reduce(reducer));
    }

    public <R> SingleOutputStreamOperator<R> reduce(ReduceFunction<T> reducer, ProcessAllWindowFunction<T, R, W> function) {
        return nonParallel(windowed.reduce(reducer, new AllWindowFunctions.Process<>(function)));
    }

    public <A, R> SingleOutputStreamOperator<R> aggregate(AggregateFunction<T, A, R> aggregate) {
        return nonParallel(windowed.aggregate(aggregate));
    }

    public <A, V, R> SingleOutputStreamOperator<R> aggregate(AggregateFunction<T, A, V> aggregate,
            ProcessAllWindowFunction<V, R, W> function) {
        return nonParallel(windowed.aggregate(aggregate, new AllWindowFunctions.Process<>(function)));
    }

    public <R> SingleOutputStreamOperator<R> process(ProcessAllWindowFunction<T, R, W> function) {
        return nonParallel(windowed.process(new AllWindowFunctions.Process<>(function)));
    }

    public <R> SingleOutputStreamOperator<R> apply(AllWindowFunction<T, R, W> function) {
        return nonParallel(windowed.apply(new AllWindowFunctions.Apply<>(function)));
    }

    public SingleOutputStreamOperator<T> sum(int position) {
        return nonParallel(windowed.sum(position));
    }

    public SingleOutputStreamOperator<T> min(int position) {
        return nonParallel(windowed.min(position));
    }

    public SingleOutputStreamOperator<T> max(int position) {
        return nonParallel(windowed.max(position));
    }

    public SingleOutputStreamOperator<T> minBy(int position) {
        return nonParallel(windowed.minBy(position));
    }

    public SingleOutputStreamOperator<T> maxBy(int position) {
        return nonParallel(windowed.maxBy(position));
    }

    private static <R> SingleOutputStreamOperator<R> nonParallel(SingleOutputStreamOperator<R> op) {
        return op.setParallelism(1);
    }
}
