package io.ebbflow.api.functions;

/**
 * An {@link AsyncFunction} with a life cycle: open a client in {@code open}, close it in {@code close}. Its
 * runtime context gives the subtask's index and accumulators; keyed state is not available (the results come
 * back outside any key's context), as in Flink.
 */
public abstract class RichAsyncFunction<IN, OUT> extends AbstractRichFunction implements AsyncFunction<IN, OUT> {
}
