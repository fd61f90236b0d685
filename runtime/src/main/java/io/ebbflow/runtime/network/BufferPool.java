package io.ebbflow.runtime.network;

import java.util.ArrayDeque;

/**
 * A bounded set of buffers for one producer's output. When all are in use (queued for, or held by,
 * consumers that have not caught up) a request blocks: that is backpressure, and the time spent
 * blocked is measured. Memory stays bounded at {@code maxBuffers × bufferSize}.
 */
public final class BufferPool implements NetworkBuffer.Recycler {

    /** How often a request waiting for a free buffer runs {@link #whileWaiting(Runnable)}'s task. */
    static final long WHILE_WAITING_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(200);

    private final int bufferSize;
    private final int maxBuffers;
    private final ArrayDeque<NetworkBuffer> free = new ArrayDeque<>();
    private int created;
    private boolean destroyed;
    private final WaitTime backPressured = new WaitTime();
    private volatile Runnable whileWaiting = () -> { };

    public BufferPool(int bufferSize, int maxBuffers) {
        this.bufferSize = bufferSize;
        this.maxBuffers = Math.max(1, maxBuffers);
    }

    /**
     * A task the requesting thread runs every {@value #WHILE_WAITING_NANOS} ns while it waits for a free buffer,
     * outside the pool's lock: a source reports its backlog while its output is back-pressured, which may last
     * seconds (a slow consumer reads one buffer for that long), instead of only after.
     */
    public void whileWaiting(Runnable task) {
        whileWaiting = task;
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
        }
        try {
            long taskAt = System.nanoTime() + WHILE_WAITING_NANOS;
            while (true) {
                synchronized (this) {
                    if (destroyed) {
                        throw new IllegalStateException("buffer pool released");
                    }
                    if (!free.isEmpty()) {
                        return free.poll();
                    }
                    wait(100);
                }
                long now = System.nanoTime();
                if (now >= taskAt) {
                    taskAt = now + WHILE_WAITING_NANOS;
                    whileWaiting.run();
                }
            }
        } finally {
            backPressured.end(System.nanoTime());
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
