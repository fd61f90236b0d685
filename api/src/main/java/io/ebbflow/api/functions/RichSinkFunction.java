package io.ebbflow.api.functions;

/** A {@link SinkFunction} with a life cycle. */
public abstract class RichSinkFunction<T> extends AbstractRichFunction implements SinkFunction<T> {
}
