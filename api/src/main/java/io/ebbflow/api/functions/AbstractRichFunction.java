package io.ebbflow.api.functions;

/** A {@link RichFunction} that remembers its context. */
public abstract class AbstractRichFunction implements RichFunction {

    private transient RuntimeContext runtimeContext;

    @Override
    public void open(RuntimeContext context) throws Exception {
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
