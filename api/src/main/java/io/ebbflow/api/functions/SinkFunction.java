package io.ebbflow.api.functions;

/** Writes records out of the dataflow. Implement {@link RichFunction} too for open/close. */
@FunctionalInterface
public interface SinkFunction<T> extends Function {
    void invoke(T value) throws Exception;

    /** The input ended normally (a bounded job finishing); not called when the job is cancelled or fails. */
    default void finish() throws Exception {
    }
}
