package io.ebbflow.api;

import io.ebbflow.api.functions.CoFlatMapFunction;
import io.ebbflow.api.functions.CoMapFunction;
import io.ebbflow.api.functions.CoProcessFunction;
import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.KeyedCoProcessFunction;
import io.ebbflow.api.graph.OperatorSpec;
import java.util.Objects;

/**
 * Two streams, possibly of different types, processed together by one two-input operator
 * ({@link DataStream#connect}). Keyed with {@link #keyBy} (or connecting two keyed streams), records of both
 * inputs with equal keys reach the same subtask and share that key's state and timers.
 */
public class ConnectedStreams<IN1, IN2> {

    private final StreamExecutionEnvironment env;
    private final DataStream<IN1> first;
    private final DataStream<IN2> second;
    private final KeySelector<IN1, ?> key1;
    private final KeySelector<IN2, ?> key2;

    ConnectedStreams(StreamExecutionEnvironment env, DataStream<IN1> first, DataStream<IN2> second) {
        this(env, first, second, keyOf(first), keyOf(second));
    }

    private ConnectedStreams(StreamExecutionEnvironment env, DataStream<IN1> first, DataStream<IN2> second,
            KeySelector<IN1, ?> key1, KeySelector<IN2, ?> key2) {
        this.env = env;
        this.first = Objects.requireNonNull(first, "first input");
        this.second = Objects.requireNonNull(second, "second input");
        boolean keyed1 = key1 != null;
        boolean keyed2 = key2 != null;
        this.key1 = keyed1 && keyed2 ? key1 : null;
        this.key2 = keyed1 && keyed2 ? key2 : null;
    }

    @SuppressWarnings("unchecked")
    private static <T> KeySelector<T, ?> keyOf(DataStream<T> s) {
        return s instanceof KeyedStream<T, ?> k ? (KeySelector<T, ?>) k.getKeySelector() : null;
    }

    public StreamExecutionEnvironment getExecutionEnvironment() {
        return env;
    }

    public DataStream<IN1> getFirstInput() {
        return first;
    }

    public DataStream<IN2> getSecondInput() {
        return second;
    }

    /** Whether both inputs are keyed (state and timers per key). */
    public boolean isKeyed() {
        return key1 != null;
    }

    /**
     * Keys both inputs: records of the first by {@code key1}, of the second by {@code key2}; equal keys (by
     * {@code equals} and {@code hashCode}) meet in the same subtask.
     */
    public <K> ConnectedStreams<IN1, IN2> keyBy(KeySelector<IN1, K> key1, KeySelector<IN2, K> key2) {
        return new ConnectedStreams<>(env, unkeyed(first), unkeyed(second), Objects.requireNonNull(key1, "key1"),
                Objects.requireNonNull(key2, "key2"));
    }

    /** A keyed stream keyed again is keyed by the new key only: its own partitioning is dropped. */
    private static <T> DataStream<T> unkeyed(DataStream<T> s) {
        if (s instanceof KeyedStream<T, ?>) {
            return new DataStream<>(s.env, s.transformation.inputs().get(0));
        }
        return s;
    }

    public <R> SingleOutputStreamOperator<R> map(CoMapFunction<IN1, IN2, R> mapper) {
        return build("Co-Map", new OperatorSpec.CoProcess(Objects.requireNonNull(mapper, "co-map function")));
    }

    public <R> SingleOutputStreamOperator<R> flatMap(CoFlatMapFunction<IN1, IN2, R> flatMapper) {
        return build("Co-Flat Map", new OperatorSpec.CoProcess(Objects.requireNonNull(flatMapper, "co-flatMap function")));
    }

    /** Non-keyed processing (on keyed inputs the function may use keyed state, but not timers). */
    public <R> SingleOutputStreamOperator<R> process(CoProcessFunction<IN1, IN2, R> function) {
        return build("Co-Process", new OperatorSpec.CoProcess(Objects.requireNonNull(function, "co-process function")));
    }

    /** Keyed processing with state and timers per key; the inputs must be keyed ({@link #keyBy}). */
    public <K, R> SingleOutputStreamOperator<R> process(KeyedCoProcessFunction<K, IN1, IN2, R> function) {
        Objects.requireNonNull(function, "keyed co-process function");
        if (!isKeyed()) {
            throw new IllegalStateException("a KeyedCoProcessFunction needs keyed inputs: call keyBy(key1, key2) on the "
                    + "connected streams (or connect two keyed streams) first");
        }
        return build("Keyed Co-Process", new OperatorSpec.KeyedCoProcess(function));
    }

    private <R> SingleOutputStreamOperator<R> build(String name, OperatorSpec spec) {
        return TwoInputs.operator(env, name, TwoInputs.inputs(env, first, second, key1, key2, false), spec,
                TwoInputs.operatorKey(key1, key2));
    }
}
