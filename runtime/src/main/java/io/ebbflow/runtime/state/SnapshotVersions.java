package io.ebbflow.runtime.state;

import java.util.TreeSet;

/**
 * The versions of a keyed state backend's copy-on-write tables. Every array, entry and value carries the
 * version it was written at; a snapshot takes the current version and the backend moves on to the next
 * one, so whatever carries a version at or below the highest snapshot still being written may be read
 * by that snapshot and is copied before it is changed. When no snapshot is pending nothing is copied.
 *
 * <p>{@link #current()} and {@link #startSnapshot()} belong to the subtask's thread; {@link #release} is
 * called from the thread that wrote the snapshot. The subtask's thread may see a release late (it then
 * copies once more than needed), never early: the highest pending version only falls on a release,
 * which happens after the snapshot's last read.
 */
final class SnapshotVersions {

    private int current = 1;
    private final TreeSet<Integer> pending = new TreeSet<>();
    private volatile int highestPending;

    /** The version of writes now (subtask's thread). */
    int current() {
        return current;
    }

    /** The highest version a pending snapshot may still read; 0 if none is pending. */
    int highestPending() {
        return highestPending;
    }

    /** A snapshot of everything written so far: returns its version (subtask's thread). */
    int startSnapshot() {
        int version = current++;
        synchronized (pending) {
            pending.add(version);
            highestPending = version;
        }
        return version;
    }

    /** The snapshot of {@code version} is written (or abandoned): its entries need no protection any more. */
    void release(int version) {
        synchronized (pending) {
            pending.remove(version);
            highestPending = pending.isEmpty() ? 0 : pending.last();
        }
    }

    /** Snapshots started and not released yet. */
    int pendingCount() {
        synchronized (pending) {
            return pending.size();
        }
    }
}
