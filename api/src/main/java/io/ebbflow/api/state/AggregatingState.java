package io.ebbflow.api.state;

/** An accumulator per key that every added value is aggregated into. */
public interface AggregatingState<IN, OUT> extends State {
    /** The aggregate's result, or null if nothing was added. */
    OUT get();

    void add(IN value);
}
