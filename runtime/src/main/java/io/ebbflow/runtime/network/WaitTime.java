package io.ebbflow.runtime.network;

/**
 * The time one thread has spent waiting (for input, or for a free buffer), readable by another thread at any moment,
 * a wait under way included. A metrics reporter that read only finished waits would count a long wait as busy time
 * until it ended, and then as idle all at once: a subtask that waits seconds for a buffer would read as busy.
 *
 * <p>Begin and end are called by the waiting thread, once per wait (not per record).
 */
public final class WaitTime {

    private long totalNanos;
    private long since = -1;

    /** A wait begins at {@code now} ({@link System#nanoTime()}). */
    public synchronized void begin(long now) {
        since = now;
    }

    /** The wait under way ends at {@code now}. */
    public synchronized void end(long now) {
        if (since >= 0) {
            totalNanos += now - since;
            since = -1;
        }
    }

    /** Everything waited up to {@code now}, the wait under way included. */
    public synchronized long nanos(long now) {
        return totalNanos + (since >= 0 ? Math.max(0, now - since) : 0);
    }
}
