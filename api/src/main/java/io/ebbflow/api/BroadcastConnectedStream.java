package io.ebbflow.api;

import io.ebbflow.api.functions.BroadcastProcessFunction;
import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.KeyedBroadcastProcessFunction;
import io.ebbflow.api.graph.OperatorSpec;
import java.util.Objects;

/**
 * A stream connected to a {@link BroadcastStream}: a {@link BroadcastProcessFunction} (stream not keyed) or a
 * {@link KeyedBroadcastProcessFunction} (keyed stream) processes both.
 */
public class BroadcastConnectedStream<IN1, IN2> {

    private final StreamExecutionEnvironment env;
    private final DataStream<IN1> first;
    private final BroadcastStream<IN2> broadcast;

    BroadcastConnectedStream(StreamExecutionEnvironment env, DataStream<IN1> first, BroadcastStream<IN2> broadcast) {
        this.env = env;
        this.first = Objects.requireNonNull(first, "first input");
        this.broadcast = Objects.requireNonNull(broadcast, "broadcast input");
    }

    public DataStream<IN1> getFirstInput() {
        return first;
    }

    public BroadcastStream<IN2> getSecondInput() {
        return broadcast;
    }

    public <R> SingleOutputStreamOperator<R> process(BroadcastProcessFunction<IN1, IN2, R> function) {
        Objects.requireNonNull(function, "broadcast process function");
        if (first instanceof KeyedStream) {
            throw new IllegalArgumentException("a BroadcastProcessFunction is for a stream that is not keyed; on a keyed "
                    + "stream use a KeyedBroadcastProcessFunction");
        }
        return TwoInputs.operator(env, "Co-Process-Broadcast", TwoInputs.inputs(env, first, broadcast.input(), null, null, true),
                new OperatorSpec.BroadcastProcess(function, broadcast.getBroadcastStateDescriptors()), null);
    }

    public <K, R> SingleOutputStreamOperator<R> process(KeyedBroadcastProcessFunction<K, IN1, IN2, R> function) {
        Objects.requireNonNull(function, "keyed broadcast process function");
        if (!(first instanceof KeyedStream<IN1, ?> keyed)) {
            throw new IllegalArgumentException("a KeyedBroadcastProcessFunction needs a keyed stream: connect the broadcast "
                    + "stream to the result of keyBy(..)");
        }
        KeySelector<IN1, ?> key = keyed.getKeySelector();
        return TwoInputs.operator(env, "Co-Process-Broadcast-Keyed",
                TwoInputs.inputs(env, first, broadcast.input(), key, null, true),
                new OperatorSpec.BroadcastProcess(function, broadcast.getBroadcastStateDescriptors()),
                TwoInputs.operatorKey(key, null));
    }
}
