package io.ebbflow.api.functions;

/**
 * Incremental aggregation with an accumulator.
 *
 * @param <IN> input
 * @param <ACC> accumulator (kept in keyed state)
 * @param <OUT> result
 */
public interface AggregateFunction<IN, ACC, OUT> extends Function {

    ACC createAccumulator();

    ACC add(IN value, ACC accumulator);

    OUT getResult(ACC accumulator);

    ACC merge(ACC a, ACC b);
}
