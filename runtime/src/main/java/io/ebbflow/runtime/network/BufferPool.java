package io.ebbflow.runtime.network;

import java.util.ArrayDeque;

/**
 * A bounded set of buffers for one producer's output. When all are in use (queued for, or held by,
 * consumers that have not caught up) a request blocks: that is backpressure, and the time spent
 * blocked is measured. Memory stays bounded at {@code maxBuffers × bufferSize}.
 */
public final class BufferPool implements NetworkBuffer.Recycler {

    private final int bufferSize;
    private final int maxBuffers;
    private final ArrayDeque<NetworkBuffer> free = new ArrayDeque<>();
    private int created;
    private boolean destroyed;
    private final WaitTime backPressured = new WaitTime();

    public BufferPool(int bufferSize, int maxBuffers) {
        this.bufferSize = bufferSize;
        this.maxBuffers = Math.max(1, maxBuffers);
    }

    /** An empty buffer; blocks while none is free. */
    public NetworkBuffer request() throws InterruptedException {
        synchronized (this) {
            if (!free.isEmpty()) {
                return free.poll();
            }
            if (created < maxBuffers) {
                created++;
                return new NetworkBuffer(new byte[bufferSize], 0, this);
            }
            backPressured.begin(System.nanoTime());
            try {
                while (free.isEmpty() && !destroyed) {
                    wait(100);
                }
            } finally {
                backPressured.end(System.nanoTime());
            }
            if (destroyed) {
                throw new IllegalStateException("buffer pool released");
            }
            return free.poll();
        }
    }

    @Override
    public void recycle(NetworkBuffer buffer) {
        synchronized (this) {
            buffer.clear();
            if (!destroyed) {
                free.add(buffer);
            }
            notifyAll();
        }
    }

    public int bufferSize() {
        return bufferSize;
    }

    /** Total time requests spent waiting for a free buffer, a wait under way included; may be read from any thread. */
    public long backPressuredNanos() {
        return backPressured.nanos(System.nanoTime());
    }

    /** Buffers not in the free list (queued, in flight or being filled). */
    public synchronized int buffersInUse() {
        return created - free.size();
    }

    public int maxBuffers() {
        return maxBuffers;
    }

    /** Wakes blocked requests, which then fail. */
    public synchronized void destroy() {
        destroyed = true;
        free.clear();
        notifyAll();
    }
}
