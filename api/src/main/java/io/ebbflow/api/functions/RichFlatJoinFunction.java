package io.ebbflow.api.functions;

/** A {@link FlatJoinFunction} with a life cycle and a runtime context ({@code open}, {@code close}, keyed state where keyed). */
public abstract class RichFlatJoinFunction<IN1, IN2, OUT> extends AbstractRichFunction implements FlatJoinFunction<IN1, IN2, OUT> {
}
