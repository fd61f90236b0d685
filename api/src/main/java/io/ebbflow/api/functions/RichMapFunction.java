package io.ebbflow.api.functions;

/** A {@link MapFunction} with a life cycle and state access. */
public abstract class RichMapFunction<T, R> extends AbstractRichFunction implements MapFunction<T, R> {
}
