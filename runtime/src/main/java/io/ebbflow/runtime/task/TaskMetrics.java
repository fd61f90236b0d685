package io.ebbflow.runtime.task;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.LongSupplier;

/**
 * A subtask's counters, in Flink's terms. The subtask's thread counts records in fields a reporter thread reads at
 * any moment (opaque writes: a plain store, no fence, on the per-record path), and publishes its byte counts (volatile)
 * once per buffer or batch. Its idle and back-pressured times are read from the input gate, source and buffer pools
 * at the moment of the snapshot, a wait under way included, so that records and busy time cover the same interval:
 * a slow subtask that counted its records only at the end of each buffer, or a subtask whose long wait was counted
 * only when it ended, would read as faster, or busier, than it is.
 */
public final class TaskMetrics {

    private static final VarHandle RECORDS_IN;
    private static final VarHandle RECORDS_OUT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RECORDS_IN = lookup.findVarHandle(TaskMetrics.class, "recordsIn", long.class);
            RECORDS_OUT = lookup.findVarHandle(TaskMetrics.class, "recordsOut", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Written by the subtask's thread only (opaque), read by reporters (opaque). */
    @SuppressWarnings("unused")
    private long recordsIn;
    @SuppressWarnings("unused")
    private long recordsOut;
    private long bytesIn;
    private long bytesOut;
    private volatile long publishedBytesIn;
    private volatile long publishedBytesOut;
    private volatile LongSupplier idleNanos = () -> 0;
    private volatile LongSupplier backPressuredNanos = () -> 0;
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

    /**
     * Where the subtask's waits are read from: its time with nothing to read (the input gate's, or the source's) and
     * its time waiting for free output buffers. Set once the subtask is set up; until then both read 0.
     */
    void waits(LongSupplier idle, LongSupplier backPressured) {
        idleNanos = idle;
        backPressuredNanos = backPressured;
    }

    void recordIn() {
        RECORDS_IN.setOpaque(this, (long) RECORDS_IN.getOpaque(this) + 1);
    }

    void recordOut() {
        RECORDS_OUT.setOpaque(this, (long) RECORDS_OUT.getOpaque(this) + 1);
    }

    void bytesIn(long n) {
        bytesIn += n;
    }

    void bytesOut(long n) {
        bytesOut += n;
    }

    /** Publishes the byte counts (once per buffer or batch). */
    void publish() {
        publishedBytesIn = bytesIn;
        publishedBytesOut = bytesOut;
    }

    public Snapshot snapshot() {
        // The waits first: a record counted after them is one the busy time (elapsed, read last) covers too.
        long idle = idleNanos.getAsLong() / 1_000_000;
        long bp = backPressuredNanos.getAsLong() / 1_000_000;
        long in = (long) RECORDS_IN.getOpaque(this);
        long out = (long) RECORDS_OUT.getOpaque(this);
        long elapsed = (System.nanoTime() - startNanos) / 1_000_000;
        return new Snapshot(in, out, publishedBytesIn, publishedBytesOut, idle, bp,
                Math.max(0, elapsed - idle - bp), elapsed, pendingRecords, currentFetchEventTimeLag,
                currentEmitEventTimeLag, numRecordsInErrors);
    }
}
