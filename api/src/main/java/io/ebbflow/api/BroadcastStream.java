package io.ebbflow.api;

import io.ebbflow.api.state.MapStateDescriptor;
import java.util.List;

/**
 * A stream whose every record goes to every subtask of the operator it is connected to, with the broadcast
 * states that operator keeps ({@link DataStream#broadcast(MapStateDescriptor[])}). Only usable through
 * {@code connect(..)}.
 */
public class BroadcastStream<T> {

    private final DataStream<T> input;
    private final List<MapStateDescriptor<?, ?>> descriptors;

    BroadcastStream(DataStream<T> input, List<MapStateDescriptor<?, ?>> descriptors) {
        this.input = input;
        this.descriptors = List.copyOf(descriptors);
    }

    public StreamExecutionEnvironment getExecutionEnvironment() {
        return input.getExecutionEnvironment();
    }

    /** The broadcast states, as given to {@code broadcast(..)}. */
    public List<MapStateDescriptor<?, ?>> getBroadcastStateDescriptors() {
        return descriptors;
    }

    DataStream<T> input() {
        return input;
    }
}
