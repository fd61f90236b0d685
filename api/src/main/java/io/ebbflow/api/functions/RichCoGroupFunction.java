package io.ebbflow.api.functions;

/** A {@link CoGroupFunction} with a life cycle and a runtime context ({@code open}, {@code close}, keyed state where keyed). */
public abstract class RichCoGroupFunction<IN1, IN2, OUT> extends AbstractRichFunction implements CoGroupFunction<IN1, IN2, OUT> {
}
