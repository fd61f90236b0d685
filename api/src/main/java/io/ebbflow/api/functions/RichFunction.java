package io.ebbflow.api.functions;

/** A function with a life cycle and access to its subtask's context and keyed state. */
public interface RichFunction extends Function {

    /**
     * Called once per subtask before the first record. {@link AbstractRichFunction}'s calls
     * {@link #open(OpenContext)}, so a function may override either spelling.
     */
    void open(RuntimeContext context) throws Exception;

    /**
     * Flink 2.x's spelling of {@link #open(RuntimeContext)}: called once per subtask before the first record,
     * with {@code getRuntimeContext()} already available. Does nothing by default.
     */
    default void open(OpenContext openContext) throws Exception {
    }

    /** Called once when the subtask ends (finished, cancelled or failed). */
    void close() throws Exception;
}
