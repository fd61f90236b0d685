package io.ebbflow.runtime.network;

import io.ebbflow.runtime.serialization.RecordCodec;

/** One input of a consumer subtask: the buffers of one producer subtask's subpartition. */
public abstract class InputChannel {

    private final int index;
    private final RecordCodec codec;
    private InputGate gate;
    boolean queued;
    private volatile Throwable failure;

    protected InputChannel(int index, ClassLoader classLoader) {
        this.index = index;
        this.codec = new RecordCodec(classLoader);
    }

    public int index() {
        return index;
    }

    /** Decodes this channel's stream (it has its own class dictionary). */
    public RecordCodec codec() {
        return codec;
    }

    void setGate(InputGate gate) {
        this.gate = gate;
    }

    /** Tells the gate that a buffer (or a failure) is waiting. */
    protected void notifyAvailable() {
        if (gate != null) {
            gate.notifyAvailable(this);
        }
    }

    /** The next buffer, or null. */
    public abstract NetworkBuffer pollBuffer();

    /** Whether another buffer is waiting. */
    public abstract boolean hasData();

    /** Starts receiving (subscribes to the producer). */
    public abstract void start();

    /** Stops receiving and returns what it holds. */
    public abstract void release();

    /** The channel failed (its producer or its connection is gone). */
    protected void fail(Throwable cause) {
        this.failure = cause;
        notifyAvailable();
    }

    public Throwable failure() {
        return failure;
    }
}
