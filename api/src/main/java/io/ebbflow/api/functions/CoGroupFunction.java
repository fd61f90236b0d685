package io.ebbflow.api.functions;

/**
 * Called once per key and window of a co-group, with that key's records of each side in the window (one of
 * the two may be empty).
 */
@FunctionalInterface
public interface CoGroupFunction<IN1, IN2, OUT> extends Function {

    void coGroup(Iterable<IN1> first, Iterable<IN2> second, Collector<OUT> out) throws Exception;
}
