package io.ebbflow.api;

import io.ebbflow.api.functions.AggregateFunction;
import io.ebbflow.api.functions.ProcessWindowFunction;
import io.ebbflow.api.functions.ReduceFunction;
import io.ebbflow.api.functions.WindowFunction;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.api.graph.OperatorSpec.WindowFunctionSpec;
import io.ebbflow.api.windowing.Evictor;
import io.ebbflow.api.windowing.Trigger;
import io.ebbflow.api.windowing.Window;
import io.ebbflow.api.windowing.WindowAssigner;
import io.ebbflow.api.util.OutputTag;
import java.time.Duration;
import java.util.Objects;

/** A keyed stream grouped into windows; finish it with a reduce, aggregate, process or apply. */
public class WindowedStream<T, K, W extends Window> {

    private final KeyedStream<T, K> input;
    private final WindowAssigner<? super T, W> assigner;
    private Trigger<? super T, ? super W> trigger;
    private Evictor<? super T, ? super W> evictor;
    private long allowedLateness;
    private OutputTag<T> lateDataTag;

    WindowedStream(KeyedStream<T, K> input, WindowAssigner<? super T, W> assigner) {
        this.input = input;
        this.assigner = Objects.requireNonNull(assigner, "window assigner");
    }

    /** Replaces the assigner's default trigger. */
    public WindowedStream<T, K, W> trigger(Trigger<? super T, ? super W> trigger) {
        this.trigger = Objects.requireNonNull(trigger);
        return this;
    }

    /** Removes elements before and/or after the window function (keeps all elements until then). */
    public WindowedStream<T, K, W> evictor(Evictor<? super T, ? super W> evictor) {
        this.evictor = Objects.requireNonNull(evictor);
        return this;
    }

    /**
     * How long after its end an event-time window still accepts late elements (each one fires the window
     * again). Refused on processing-time windows, where nothing is late.
     */
    public WindowedStream<T, K, W> allowedLateness(Duration lateness) {
        this.allowedLateness = WindowChecks.lateness(assigner, lateness);
        return this;
    }

    /**
     * Elements too late for all their windows (past the end plus the allowed lateness) go into this side
     * output instead of being dropped; read it with {@code getSideOutput(tag)} on the window's result.
     * Event-time windows only.
     */
    public WindowedStream<T, K, W> sideOutputLateData(OutputTag<T> tag) {
        this.lateDataTag = WindowChecks.lateDataTag(assigner, tag);
        return this;
    }

    public SingleOutputStreamOperator<T> reduce(ReduceFunction<T> reducer) {
        return build("Window(Reduce)", new WindowFunctionSpec.Reduce(reducer, null));
    }

    public <R> SingleOutputStreamOperator<R> reduce(ReduceFunction<T> reducer, ProcessWindowFunction<T, R, K, W> function) {
        return build("Window(Reduce)", new WindowFunctionSpec.Reduce(reducer, function));
    }

    public <A, R> SingleOutputStreamOperator<R> aggregate(AggregateFunction<T, A, R> aggregate) {
        return build("Window(Aggregate)", new WindowFunctionSpec.Aggregate(aggregate, null));
    }

    public <A, V, R> SingleOutputStreamOperator<R> aggregate(AggregateFunction<T, A, V> aggregate,
            ProcessWindowFunction<V, R, K, W> function) {
        return build("Window(Aggregate)", new WindowFunctionSpec.Aggregate(aggregate, function));
    }

    public <R> SingleOutputStreamOperator<R> process(ProcessWindowFunction<T, R, K, W> function) {
        return build("Window(Process)", new WindowFunctionSpec.Process(function));
    }

    public <R> SingleOutputStreamOperator<R> apply(WindowFunction<T, R, K, W> function) {
        return build("Window(Apply)", new WindowFunctionSpec.Apply(function));
    }

    public SingleOutputStreamOperator<T> sum(int position) {
        return reduce(new FieldAggregator<>(FieldAggregator.Kind.SUM, FieldAccess.position(position)));
    }

    public SingleOutputStreamOperator<T> min(int position) {
        return reduce(new FieldAggregator<>(FieldAggregator.Kind.MIN, FieldAccess.position(position)));
    }

    public SingleOutputStreamOperator<T> max(int position) {
        return reduce(new FieldAggregator<>(FieldAggregator.Kind.MAX, FieldAccess.position(position)));
    }

    public SingleOutputStreamOperator<T> minBy(int position) {
        return reduce(new FieldAggregator<>(FieldAggregator.Kind.MIN_BY, FieldAccess.position(position)));
    }

    public SingleOutputStreamOperator<T> maxBy(int position) {
        return reduce(new FieldAggregator<>(FieldAggregator.Kind.MAX_BY, FieldAccess.position(position)));
    }

    private <R> SingleOutputStreamOperator<R> build(String name, WindowFunctionSpec function) {
        Trigger<?, ?> t = trigger != null ? trigger : assigner.getDefaultTrigger();
        WindowChecks.check(name, assigner, t, evictor);
        return input.operator(name, new OperatorSpec.Window(assigner, t, evictor, allowedLateness, function, lateDataTag));
    }
}
