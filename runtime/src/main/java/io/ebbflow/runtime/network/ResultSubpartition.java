package io.ebbflow.runtime.network;

import java.util.ArrayDeque;

/**
 * The buffers a producer subtask has for one consumer subtask, in order. One reader at a time (a local
 * input channel or a network sender) is told whenever a buffer is added.
 */
public final class ResultSubpartition {

    /** Told that a buffer was added (called on the producer's thread; must not block). */
    @FunctionalInterface
    public interface Listener {
        void dataAvailable();
    }

    private final ArrayDeque<NetworkBuffer> queue = new ArrayDeque<>();
    private Listener listener;
    private boolean released;
    private boolean finished;
    private boolean consumed;
    private Runnable onConsumed;

    /** Called once the final buffer has been taken by the reader. */
    void onConsumed(Runnable callback) {
        this.onConsumed = callback;
    }

    /** Adds the buffer that ends the stream (it holds the end-of-partition element). */
    public void addFinal(NetworkBuffer buffer) {
        synchronized (this) {
            finished = true;
        }
        add(buffer);
    }

    public void add(NetworkBuffer buffer) {
        Listener l;
        synchronized (this) {
            if (released) {
                buffer.recycle();
                return;
            }
            queue.add(buffer);
            l = listener;
        }
        if (l != null) {
            l.dataAvailable();
        }
    }

    /** The next buffer, or null. */
    public NetworkBuffer poll() {
        NetworkBuffer b;
        Runnable done = null;
        synchronized (this) {
            b = queue.poll();
            if (b != null && finished && queue.isEmpty() && !consumed) {
                consumed = true;
                done = onConsumed;
            }
        }
        if (done != null) {
            done.run();
        }
        return b;
    }

    public synchronized boolean isEmpty() {
        return queue.isEmpty();
    }

    public synchronized int backlog() {
        return queue.size();
    }

    /** Attaches the reader; if data is waiting it is told at once. */
    public void setListener(Listener listener) {
        boolean hasData;
        synchronized (this) {
            this.listener = listener;
            hasData = !queue.isEmpty();
        }
        if (hasData && listener != null) {
            listener.dataAvailable();
        }
    }

    /** Drops queued buffers (recycling them) and refuses new ones. */
    public void release() {
        synchronized (this) {
            released = true;
            NetworkBuffer b;
            while ((b = queue.poll()) != null) {
                b.recycle();
            }
            listener = null;
        }
    }
}
