package io.ebbflow.api.functions;

/**
 * Maps the records of two connected streams into one output type: {@link #map1} for each record of the
 * first input, {@link #map2} for each of the second. Both are called by the same subtask thread, never at
 * the same time, so the function may share fields (or, on keyed connected streams, keyed state) between them.
 */
public interface CoMapFunction<IN1, IN2, OUT> extends Function {

    OUT map1(IN1 value) throws Exception;

    OUT map2(IN2 value) throws Exception;
}
