package io.ebbflow.api.functions;

import io.ebbflow.api.state.AggregatingState;
import io.ebbflow.api.state.AggregatingStateDescriptor;
import io.ebbflow.api.state.ListState;
import io.ebbflow.api.state.ListStateDescriptor;
import io.ebbflow.api.state.MapState;
import io.ebbflow.api.state.MapStateDescriptor;
import io.ebbflow.api.state.ReducingState;
import io.ebbflow.api.state.ReducingStateDescriptor;
import io.ebbflow.api.state.State;
import io.ebbflow.api.state.StateDescriptor;
import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;

/**
 * Processes a keyed stream together with a broadcast stream. Records of the keyed input run with their key's
 * state and timers and may read the broadcast state; broadcast records reach every subtask, may change the
 * broadcast state, and may visit the keyed state of every key of the subtask ({@link Context#applyToKeyedState}).
 */
public abstract class KeyedBroadcastProcessFunction<KS, IN1, IN2, OUT> extends BaseBroadcastProcessFunction {

    public abstract void processElement(IN1 value, ReadOnlyContext ctx, Collector<OUT> out) throws Exception;

    public abstract void processBroadcastElement(IN2 value, Context ctx, Collector<OUT> out) throws Exception;

    /** Called when a timer registered for the current key fires. */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
    }

    /** The broadcast side's context. */
    public abstract class Context extends BaseBroadcastProcessFunction.Context {
        /**
         * Calls {@code function} for every key of this subtask that has a value in the keyed state
         * {@code descriptor} names, with that key's state (changes and {@code clear()} apply to that key).
         */
        public abstract <VS, S extends State> void applyToKeyedState(StateDescriptor<VS> descriptor,
                KeyedStateFunction<KS, S> function) throws Exception;

        // Typed by the descriptor, so that a lambda's state parameter has the descriptor's state type (Flink's
        // descriptors carry it as a type parameter; ours do not).

        public <T> void applyToKeyedState(ValueStateDescriptor<T> descriptor, KeyedStateFunction<KS, ValueState<T>> function)
                throws Exception {
            this.<T, ValueState<T>>applyToKeyedState((StateDescriptor<T>) descriptor, function);
        }

        public <T> void applyToKeyedState(ListStateDescriptor<T> descriptor, KeyedStateFunction<KS, ListState<T>> function)
                throws Exception {
            this.<T, ListState<T>>applyToKeyedState((StateDescriptor<T>) descriptor, function);
        }

        public <K, V> void applyToKeyedState(MapStateDescriptor<K, V> descriptor,
                KeyedStateFunction<KS, MapState<K, V>> function) throws Exception {
            this.<V, MapState<K, V>>applyToKeyedState((StateDescriptor<V>) descriptor, function);
        }

        public <T> void applyToKeyedState(ReducingStateDescriptor<T> descriptor,
                KeyedStateFunction<KS, ReducingState<T>> function) throws Exception {
            this.<T, ReducingState<T>>applyToKeyedState((StateDescriptor<T>) descriptor, function);
        }

        public <I, A, O> void applyToKeyedState(AggregatingStateDescriptor<I, A, O> descriptor,
                KeyedStateFunction<KS, AggregatingState<I, O>> function) throws Exception {
            this.<A, AggregatingState<I, O>>applyToKeyedState((StateDescriptor<A>) descriptor, function);
        }
    }

    /** The keyed side's context. */
    public abstract class ReadOnlyContext extends BaseBroadcastProcessFunction.ReadOnlyContext {
        public abstract TimerService timerService();

        public abstract KS getCurrentKey();
    }

    /** The context of a firing timer. */
    public abstract class OnTimerContext extends ReadOnlyContext {
        public abstract KeyedProcessFunction.TimeDomain timeDomain();
    }
}
