package io.ebbflow.api;

import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.KeyedProcessFunction;
import io.ebbflow.api.functions.ReduceFunction;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.api.graph.Transformation;
import io.ebbflow.api.windowing.Window;
import io.ebbflow.api.windowing.WindowAssigner;
import java.util.Objects;

/** A stream partitioned by key: state, timers and windows are per key. */
public class KeyedStream<T, K> extends DataStream<T> {

    private final KeySelector<T, K> keySelector;

    KeyedStream(StreamExecutionEnvironment env, Transformation partition, KeySelector<T, K> keySelector) {
        super(env, partition);
        this.keySelector = keySelector;
    }

    public KeySelector<T, K> getKeySelector() {
        return keySelector;
    }

    @Override
    protected KeySelector<?, ?> keySelectorForOperators() {
        return keySelector;
    }

    public <R> SingleOutputStreamOperator<R> process(KeyedProcessFunction<K, T, R> function) {
        return operator("Keyed Process", new OperatorSpec.KeyedProcess(Objects.requireNonNull(function)));
    }

    /** A rolling reduce: emits the key's reduced value after every record. */
    public SingleOutputStreamOperator<T> reduce(ReduceFunction<T> reducer) {
        return operator("Keyed Reduce", new OperatorSpec.KeyedReduce(Objects.requireNonNull(reducer)));
    }

    /** Rolling sum of a tuple field (0-based) or a POJO field: emits the running sum per key. */
    public SingleOutputStreamOperator<T> sum(int position) {
        return aggregate(FieldAggregator.Kind.SUM, FieldAccess.position(position), "Sum");
    }

    public SingleOutputStreamOperator<T> sum(String field) {
        return aggregate(FieldAggregator.Kind.SUM, FieldAccess.named(field), "Sum");
    }

    public SingleOutputStreamOperator<T> min(int position) {
        return aggregate(FieldAggregator.Kind.MIN, FieldAccess.position(position), "Min");
    }

    public SingleOutputStreamOperator<T> max(int position) {
        return aggregate(FieldAggregator.Kind.MAX, FieldAccess.position(position), "Max");
    }

    public SingleOutputStreamOperator<T> minBy(int position) {
        return aggregate(FieldAggregator.Kind.MIN_BY, FieldAccess.position(position), "Min By");
    }

    public SingleOutputStreamOperator<T> maxBy(int position) {
        return aggregate(FieldAggregator.Kind.MAX_BY, FieldAccess.position(position), "Max By");
    }

    private SingleOutputStreamOperator<T> aggregate(FieldAggregator.Kind kind, FieldAccess field, String name) {
        return operator(name, new OperatorSpec.KeyedReduce(new FieldAggregator<T>(kind, field)));
    }

    /**
     * Joins this stream's records with those of {@code other} that have an equal key and a timestamp within
     * bounds of theirs ({@code .between(lower, upper).process(fn)}).
     */
    public <T1> IntervalJoin<T, T1, K> intervalJoin(KeyedStream<T1, K> other) {
        return new IntervalJoin<>(this, other);
    }

    /** Each key's records in windows of {@code size} records (fired and purged at each {@code size}-th). */
    public WindowedStream<T, K, io.ebbflow.api.windowing.GlobalWindow> countWindow(long size) {
        return window(io.ebbflow.api.windowing.GlobalWindows.create())
                .trigger(io.ebbflow.api.windowing.PurgingTrigger.of(io.ebbflow.api.windowing.CountTrigger.of(size)));
    }

    /** Each key's last {@code size} records, evaluated every {@code slide} records. */
    public WindowedStream<T, K, io.ebbflow.api.windowing.GlobalWindow> countWindow(long size, long slide) {
        return window(io.ebbflow.api.windowing.GlobalWindows.create())
                .evictor(io.ebbflow.api.windowing.CountEvictor.of(size))
                .trigger(io.ebbflow.api.windowing.CountTrigger.of(slide));
    }

    /** Groups each key's records into windows. */
    public <W extends Window> WindowedStream<T, K, W> window(WindowAssigner<? super T, W> assigner) {
        return new WindowedStream<>(this, assigner);
    }
}
