package io.ebbflow.api.functions;

import io.ebbflow.api.windowing.Window;

/** Evaluates a window's contents when its trigger fires. */
@FunctionalInterface
public interface WindowFunction<IN, OUT, K, W extends Window> extends Function {
    void apply(K key, W window, Iterable<IN> input, Collector<OUT> out) throws Exception;
}
