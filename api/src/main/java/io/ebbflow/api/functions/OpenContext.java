package io.ebbflow.api.functions;

/**
 * What {@code open(OpenContext)} receives, Flink 2.x's spelling of a rich function's start. It carries
 * nothing today; the function reaches its subtask through {@code getRuntimeContext()}.
 */
public interface OpenContext {

    /** The one instance the runtime passes. */
    OpenContext DEFAULT = new OpenContext() {
        @Override
        public String toString() {
            return "OpenContext";
        }
    };
}
