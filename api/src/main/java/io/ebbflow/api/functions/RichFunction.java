package io.ebbflow.api.functions;

/** A function with a life cycle and access to its subtask's context and keyed state. */
public interface RichFunction extends Function {

    /** Called once per subtask before the first record. */
    void open(RuntimeContext context) throws Exception;

    /** Called once when the subtask ends (finished, cancelled or failed). */
    void close() throws Exception;
}
