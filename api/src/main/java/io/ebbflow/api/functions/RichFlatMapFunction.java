package io.ebbflow.api.functions;

/** A {@link FlatMapFunction} with a life cycle and state access. */
public abstract class RichFlatMapFunction<T, R> extends AbstractRichFunction implements FlatMapFunction<T, R> {
}
