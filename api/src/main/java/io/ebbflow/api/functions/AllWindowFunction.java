package io.ebbflow.api.functions;

import io.ebbflow.api.windowing.Window;

/** Evaluates a window of a non-keyed stream ({@code windowAll}) when its trigger fires. */
@FunctionalInterface
public interface AllWindowFunction<IN, OUT, W extends Window> extends Function {
    void apply(W window, Iterable<IN> values, Collector<OUT> out) throws Exception;
}
