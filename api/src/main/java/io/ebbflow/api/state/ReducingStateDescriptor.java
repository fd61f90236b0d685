package io.ebbflow.api.state;

import io.ebbflow.api.functions.ReduceFunction;

/** Describes a {@link ReducingState}. */
public class ReducingStateDescriptor<T> extends StateDescriptor<T> {

    private final ReduceFunction<T> reduceFunction;
    private final Class<T> type;

    public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, Class<T> type) {
        super(name);
        this.reduceFunction = reduceFunction;
        this.type = type;
    }

    public ReduceFunction<T> getReduceFunction() {
        return reduceFunction;
    }

    public Class<T> getType() {
        return type;
    }

    @Override
    public String kind() {
        return "reducing";
    }
}
