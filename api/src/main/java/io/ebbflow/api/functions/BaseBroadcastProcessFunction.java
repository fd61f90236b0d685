package io.ebbflow.api.functions;

import io.ebbflow.api.state.BroadcastState;
import io.ebbflow.api.state.MapStateDescriptor;
import io.ebbflow.api.state.ReadOnlyBroadcastState;

/**
 * What the broadcast process functions share: the contexts through which they reach their broadcast states
 * (the descriptors given to {@code DataStream.broadcast(..)}), read-write on the broadcast side and read-only
 * on the other.
 */
public abstract class BaseBroadcastProcessFunction extends AbstractRichFunction {

    /** What both sides see. */
    public abstract class BaseContext {
        /** The record's event-time timestamp, or null if it has none. */
        public abstract Long timestamp();

        public abstract long currentProcessingTime();

        public abstract long currentWatermark();

        /** Emits {@code value} into the side output {@code outputTag}, with the record's timestamp (a timer's, in {@code onTimer}). */
        public abstract <X> void output(io.ebbflow.api.util.OutputTag<X> outputTag, X value);
    }

    /** The broadcast side's context: its broadcast states may be changed. */
    public abstract class Context extends BaseContext {
        /** The state {@code descriptor} names; it must be one given to {@code broadcast(..)}. */
        public abstract <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor);
    }

    /** The other side's context: broadcast states are read only. */
    public abstract class ReadOnlyContext extends BaseContext {
        /** The state {@code descriptor} names; it must be one given to {@code broadcast(..)}. */
        public abstract <K, V> ReadOnlyBroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor);
    }
}
