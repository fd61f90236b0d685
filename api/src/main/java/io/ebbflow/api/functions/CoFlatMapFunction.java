package io.ebbflow.api.functions;

/**
 * Zero, one or more output records per record of either of two connected streams: {@link #flatMap1} for the
 * first input, {@link #flatMap2} for the second, called one at a time by the subtask's thread.
 */
public interface CoFlatMapFunction<IN1, IN2, OUT> extends Function {

    void flatMap1(IN1 value, Collector<OUT> out) throws Exception;

    void flatMap2(IN2 value, Collector<OUT> out) throws Exception;
}
