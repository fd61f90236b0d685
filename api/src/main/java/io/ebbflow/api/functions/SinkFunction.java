package io.ebbflow.api.functions;

/** Writes records out of the dataflow. Implement {@link RichFunction} too for open/close. */
@FunctionalInterface
public interface SinkFunction<T> extends Function {
    void invoke(T value) throws Exception;
}
