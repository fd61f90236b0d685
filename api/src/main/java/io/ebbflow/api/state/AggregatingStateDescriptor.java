package io.ebbflow.api.state;

import io.ebbflow.api.functions.AggregateFunction;

/** Describes an {@link AggregatingState}. */
public class AggregatingStateDescriptor<IN, ACC, OUT> extends StateDescriptor<ACC> {

    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;
    private final Class<ACC> accumulatorType;

    public AggregatingStateDescriptor(String name, AggregateFunction<IN, ACC, OUT> aggregateFunction,
            Class<ACC> accumulatorType) {
        super(name);
        this.aggregateFunction = aggregateFunction;
        this.accumulatorType = accumulatorType;
    }

    public AggregateFunction<IN, ACC, OUT> getAggregateFunction() {
        return aggregateFunction;
    }

    public Class<ACC> getAccumulatorType() {
        return accumulatorType;
    }

    @Override
    public String kind() {
        return "aggregating";
    }
}
