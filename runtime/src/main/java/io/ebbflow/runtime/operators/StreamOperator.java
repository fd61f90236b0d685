package io.ebbflow.runtime.operators;

import io.ebbflow.api.functions.RichFunction;

/**
 * One operator of a chain. Called by its subtask's thread only: {@link #open}, then records and
 * watermarks in order, then {@link #endInput} when a bounded input is exhausted, and {@link #close}.
 */
public abstract class StreamOperator<IN, OUT> {

    protected OperatorContext context;
    protected Output<OUT> output;

    public void setup(OperatorContext context, Output<OUT> output) {
        this.context = context;
        this.output = output;
    }

    public void open() throws Exception {
    }

    public abstract void processElement(IN value, long timestamp) throws Exception;

    /** By default forwards the watermark. */
    public void processWatermark(long watermark) throws Exception {
        output.emitWatermark(watermark);
    }

    /** The input is exhausted (after the final watermark). */
    public void endInput() throws Exception {
    }

    public void close() throws Exception {
    }

    /** The user function this operator calls (for checkpoint hooks), or null. */
    public Object userFunction() {
        return null;
    }

    /**
     * What takes and restores this operator's operator state (list state), or null: by default its user
     * function, if that is a {@link io.ebbflow.api.functions.CheckpointedFunction}.
     */
    public io.ebbflow.api.functions.CheckpointedFunction checkpointedFunction() {
        return userFunction() instanceof io.ebbflow.api.functions.CheckpointedFunction f ? f : null;
    }

    /** The operator's timers, if it is keyed (snapshotted and restored with its keyed state). */
    public io.ebbflow.runtime.state.InternalTimers timers() {
        return null;
    }

    protected void openFunction(Object function) throws Exception {
        if (function instanceof RichFunction rich) {
            StreamingRuntimeContext runtimeContext = new StreamingRuntimeContext(context);
            if (rich instanceof io.ebbflow.api.functions.AbstractRichFunction a) {
                a.setRuntimeContext(runtimeContext);
            }
            rich.open(runtimeContext);
        }
    }

    protected static void closeFunction(Object function) throws Exception {
        if (function instanceof RichFunction rich) {
            rich.close();
        }
    }
}
