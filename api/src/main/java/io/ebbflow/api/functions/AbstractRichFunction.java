package io.ebbflow.api.functions;

/** A {@link RichFunction} that remembers its context. */
public abstract class AbstractRichFunction implements RichFunction {

    private transient RuntimeContext runtimeContext;

    /**
     * Remembers the context and calls {@link #open(OpenContext)}. A function that overrides this (the
     * 1.x spelling) and does not call {@code super.open(context)} still has {@link #getRuntimeContext()}.
     */
    @Override
    public void open(RuntimeContext context) throws Exception {
        this.runtimeContext = context;
        open(OpenContext.DEFAULT);
    }

    /** Set by the runtime before {@code open}, as in Flink. */
    public void setRuntimeContext(RuntimeContext context) {
        this.runtimeContext = context;
    }

    @Override
    public void close() throws Exception {
    }

    public RuntimeContext getRuntimeContext() {
        if (runtimeContext == null) {
            throw new IllegalStateException("the runtime context is available from open() on");
        }
        return runtimeContext;
    }
}
