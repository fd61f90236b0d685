package io.ebbflow.runtime.task;

import io.ebbflow.runtime.checkpoint.CheckpointBarrier;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * When a subtask hands over its partly filled output buffers ({@code execution.buffer-timeout}): a
 * timeout of 0 flushes after every buffer or poll, a positive one once it has passed since the last flush
 * (and whenever the subtask has nothing to do), a negative one only when buffers are full. Says how long
 * the subtask may wait for input before the next flush is due. Used by its subtask's thread only.
 *
 * <p>Reads {@link System#nanoTime()} itself rather than taking a clock: it is asked once per buffer, or
 * once per record a source emits, and stays off any indirection there.
 */
final class OutputFlusher {

    private final RecordWriter[] writers;
    private final long timeoutMillis;
    private final long timeoutNanos;
    private long lastFlushNanos = System.nanoTime();

    OutputFlusher(List<RecordWriter> writers, long bufferTimeoutMillis) {
        this.writers = writers.toArray(new RecordWriter[0]);
        this.timeoutMillis = bufferTimeoutMillis;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(bufferTimeoutMillis);
    }

    /**
     * How long the subtask may wait for input: until the next flush is due, at least 1 ms and at most
     * {@link StreamTask#MAX_WAIT_NANOS}.
     */
    long waitNanos() {
        if (timeoutMillis <= 0) {
            return StreamTask.MAX_WAIT_NANOS;
        }
        long due = lastFlushNanos + timeoutNanos - System.nanoTime();
        return Math.max(1_000_000, Math.min(StreamTask.MAX_WAIT_NANOS, due));
    }

    /** Flushes if the timeout is 0 or has passed. */
    void maybeFlush() {
        if (timeoutMillis == 0) {
            flushAll();
        } else if (timeoutMillis > 0 && System.nanoTime() - lastFlushNanos >= timeoutNanos) {
            flushAll();
        }
    }

    /** The subtask has nothing to do: flushes, unless buffers go only when full. */
    void flushIfIdle() {
        if (timeoutMillis >= 0) {
            flushAll();
        }
    }

    void flushAll() {
        for (RecordWriter w : writers) {
            w.flush();
        }
        lastFlushNanos = System.nanoTime();
    }

    /** Sends a checkpoint barrier down every output; that hands over every buffer, so it counts as a flush. */
    void broadcastBarrier(CheckpointBarrier barrier) throws InterruptedException {
        for (RecordWriter w : writers) {
            w.broadcastBarrier(barrier);
        }
        lastFlushNanos = System.nanoTime();
    }
}
