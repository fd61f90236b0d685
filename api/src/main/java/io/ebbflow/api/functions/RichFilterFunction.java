package io.ebbflow.api.functions;

/** A {@link FilterFunction} with a life cycle and state access. */
public abstract class RichFilterFunction<T> extends AbstractRichFunction implements FilterFunction<T> {
}
