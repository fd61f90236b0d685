package io.ebbflow.runtime.task;

/**
 * A subtask's counters, in Flink's terms. The subtask's thread counts in plain fields and publishes them
 * (volatile) once per buffer or batch, so a reporter thread reads consistent, recent values without
 * slowing the per-record path.
 */
public final class TaskMetrics {

    private long recordsIn;
    private long recordsOut;
    private long bytesIn;
    private long bytesOut;
    private volatile long publishedRecordsIn;
    private volatile long publishedRecordsOut;
    private volatile long publishedBytesIn;
    private volatile long publishedBytesOut;
    private volatile long idleNanos;
    private volatile long backPressuredNanos;
    private volatile long pendingRecords = -1;
    private volatile long currentFetchEventTimeLag = -1;
    private volatile long currentEmitEventTimeLag = -1;
    private volatile long numRecordsInErrors = -1;
    private final long startNanos = System.nanoTime();

    /**
     * What a reporter reads. The source metrics (Flink's names) are -1 where they cannot be told, and for subtasks
     * that are not sources.
     */
    public record Snapshot(long numRecordsIn, long numRecordsOut, long numBytesIn, long numBytesOut, long idleMillis,
            long backPressuredMillis, long busyMillis, long elapsedMillis, long pendingRecords,
            long currentFetchEventTimeLag, long currentEmitEventTimeLag, long numRecordsInErrors) {
    }

    /**
     * A source subtask's figures, sampled now and then: its backlog and fetch lag as its reader last told them, its
     * emit lag (ms from the event time of the last record it emitted with a timestamp to now), the records its reader
     * skipped as unreadable. -1: cannot be told.
     */
    void source(long pending, long fetchLag, long emitLag, long recordsInErrors) {
        pendingRecords = pending;
        currentFetchEventTimeLag = fetchLag;
        currentEmitEventTimeLag = emitLag;
        numRecordsInErrors = recordsInErrors;
    }

    void recordIn() {
        recordsIn++;
    }

    void recordOut() {
        recordsOut++;
    }

    void bytesIn(long n) {
        bytesIn += n;
    }

    void bytesOut(long n) {
        bytesOut += n;
    }

    void publish(long idle, long backPressured) {
        publishedRecordsIn = recordsIn;
        publishedRecordsOut = recordsOut;
        publishedBytesIn = bytesIn;
        publishedBytesOut = bytesOut;
        idleNanos = idle;
        backPressuredNanos = backPressured;
    }

    public Snapshot snapshot() {
        long elapsed = (System.nanoTime() - startNanos) / 1_000_000;
        long idle = idleNanos / 1_000_000;
        long bp = backPressuredNanos / 1_000_000;
        return new Snapshot(publishedRecordsIn, publishedRecordsOut, publishedBytesIn, publishedBytesOut, idle, bp,
                Math.max(0, elapsed - idle - bp), elapsed, pendingRecords, currentFetchEventTimeLag,
                currentEmitEventTimeLag, numRecordsInErrors);
    }
}
