package io.ebbflow.api.functions;

/**
 * Processes a stream that is not keyed together with a broadcast stream: every subtask receives every
 * broadcast record ({@link #processBroadcastElement}, which may change the broadcast state) and its share of
 * the other input ({@link #processElement}, which may only read it).
 */
public abstract class BroadcastProcessFunction<IN1, IN2, OUT> extends BaseBroadcastProcessFunction {

    public abstract void processElement(IN1 value, ReadOnlyContext ctx, Collector<OUT> out) throws Exception;

    public abstract void processBroadcastElement(IN2 value, Context ctx, Collector<OUT> out) throws Exception;
}
