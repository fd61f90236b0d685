package io.ebbflow.api.functions;

/** A {@link CoFlatMapFunction} with a life cycle and a runtime context ({@code open}, {@code close}, keyed state where keyed). */
public abstract class RichCoFlatMapFunction<IN1, IN2, OUT> extends AbstractRichFunction implements CoFlatMapFunction<IN1, IN2, OUT> {
}
