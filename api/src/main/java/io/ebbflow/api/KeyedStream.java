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

    /** Groups each key's records into windows. */
    public <W extends Window> WindowedStream<T, K, W> window(WindowAssigner<? super T, W> assigner) {
        return new WindowedStream<>(this, assigner);
    }
}
