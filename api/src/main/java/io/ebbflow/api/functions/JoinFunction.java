package io.ebbflow.api.functions;

/** Combines one record of each side of a window join (called for every pair with equal keys in a window). */
@FunctionalInterface
public interface JoinFunction<IN1, IN2, OUT> extends Function {

    OUT join(IN1 first, IN2 second) throws Exception;
}
