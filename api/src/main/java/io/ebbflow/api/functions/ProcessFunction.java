package io.ebbflow.api.functions;

import io.ebbflow.api.util.OutputTag;

/** Low-level processing of single records, with access to timestamps (not keyed: no state, no timers). */
public abstract class ProcessFunction<I, O> extends AbstractRichFunction {

    public abstract void processElement(I value, Context ctx, Collector<O> out) throws Exception;

    /** The context of one record. */
    public interface Context {
        /** The record's event-time timestamp, or null if it has none. */
        Long timestamp();

        long currentProcessingTime();

        long currentWatermark();

        /** Emits {@code value} into the side output {@code outputTag}, with the record's timestamp. */
        <X> void output(OutputTag<X> outputTag, X value);
    }
}
