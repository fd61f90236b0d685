package io.ebbflow.runtime.operators;

import io.ebbflow.api.functions.Collector;

/** A {@link Collector} that emits with a set timestamp (the input record's, or a timer's). */
final class TimestampedCollector<T> implements Collector<T> {

    private final Output<T> output;
    long timestamp = Output.NO_TIMESTAMP;

    TimestampedCollector(Output<T> output) {
        this.output = output;
    }

    @Override
    public void collect(T record) {
        output.collect(record, timestamp);
    }

    /** {@code ctx.output(tag, value)} of the process-style functions: a side output, with the same timestamp. */
    <X> void output(io.ebbflow.api.util.OutputTag<X> tag, X value) {
        SideOutputs.emit(output, tag, value, timestamp);
    }
}
