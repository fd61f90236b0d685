package io.ebbflow.api.functions;

/** A {@link JoinFunction} with a life cycle and a runtime context ({@code open}, {@code close}, keyed state where keyed). */
public abstract class RichJoinFunction<IN1, IN2, OUT> extends AbstractRichFunction implements JoinFunction<IN1, IN2, OUT> {
}
