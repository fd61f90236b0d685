package io.ebbflow.api.functions;

/** A {@link CoMapFunction} with a life cycle and a runtime context ({@code open}, {@code close}, keyed state where keyed). */
public abstract class RichCoMapFunction<IN1, IN2, OUT> extends AbstractRichFunction implements CoMapFunction<IN1, IN2, OUT> {
}
