package io.ebbflow.runtime.checkpoint;

import io.ebbflow.core.checkpoint.CheckpointStatus;
import io.ebbflow.core.checkpoint.SubtaskCheckpointMetrics;
import io.ebbflow.core.checkpoint.SubtaskCheckpointStats;
import io.ebbflow.core.checkpoint.SubtaskSnapshot;
import io.ebbflow.core.checkpoint.OperatorSnapshot;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bookkeeping of a job's checkpoints, driven by its owner (the JobMaster, or the local runner): one
 * checkpoint at a time, acknowledgements collected per execution, failure after a timeout or a decline,
 * tolerable consecutive failures, the last {@code numRetained} completed checkpoints kept (older ones
 * handed back to be deleted), and statistics. Savepoints go through the same path. It does no I/O and
 * keeps no time of its own: callers pass the time in and write metadata themselves.
 *
 * <p>Not thread-safe: one owner thread (the JobMaster's event loop).
 */
public final class CheckpointTracker {

    private static final int HISTORY = 10;

    private final String jobId;
    private final String baseLocation;
    private final int numRetained;
    private final int tolerableFailures;
    private long nextId;
    private Pending pending;
    private final Deque<CompletedCheckpoint> retained = new ArrayDeque<>();
    private final Deque<CheckpointStats> history = new ArrayDeque<>();
    private int completedCount;
    private int failedCount;
    private int consecutiveFailures;
    private CheckpointStats latestCompleted;
    private CheckpointStats latestSavepoint;
    private CheckpointStats latestFailed;
    private CompletedCheckpoint restored;
    private long restoredAt = -1;
    private long lastCompletionTime = -1;

    /** A checkpoint waiting for acknowledgements. */
    public static final class Pending {
        public final CheckpointBarrier barrier;
        final long triggerTime;
        final Set<String> awaiting;
        final int numSubtasks;
        final List<SubtaskSnapshot> acks = new ArrayList<>();
        final List<SubtaskCheckpointStats> ackStats = new ArrayList<>();
        long latestAck;

        Pending(CheckpointBarrier barrier, long triggerTime, Collection<String> executions) {
            this.barrier = barrier;
            this.triggerTime = triggerTime;
            this.awaiting = new LinkedHashSet<>(executions);
            this.numSubtasks = awaiting.size();
        }

        /** Every subtask acknowledged: the checkpoint is being stored and can no longer be aborted. */
        public boolean allAcknowledged() {
            return awaiting.isEmpty();
        }

        public long id() {
            return barrier.id();
        }

        public long triggerTime() {
            return triggerTime;
        }
    }

    /**
     * @param firstId the id of the next checkpoint (one above the latest restored or retained one)
     * @param tolerableFailures consecutive failed checkpoints tolerated before {@link #fail} says the job must fail
     */
    public CheckpointTracker(String jobId, Path baseDirectory, int numRetained, int tolerableFailures, long firstId) {
        this(jobId, baseDirectory.toString(), numRetained, tolerableFailures, firstId);
    }

    /** As above, with the checkpoints under {@code baseLocation}: a directory or {@code s3://bucket/prefix}. */
    public CheckpointTracker(String jobId, String baseLocation, int numRetained, int tolerableFailures, long firstId) {
        this.jobId = jobId;
        this.baseLocation = baseLocation;
        this.numRetained = Math.max(1, numRetained);
        this.tolerableFailures = tolerableFailures;
        this.nextId = Math.max(1, firstId);
    }

    public Optional<Pending> pending() {
        return Optional.ofNullable(pending);
    }

    public long lastCompletionTime() {
        return lastCompletionTime;
    }

    /**
     * Starts a checkpoint (or a savepoint into {@code savepointDirectory}) over {@code executions}; the
     * caller sends the barrier to the source executions. Empty if one is already in progress.
     */
    public Optional<CheckpointBarrier> trigger(long now, Collection<String> executions, String savepointDirectory) {
        if (pending != null) {
            return Optional.empty();
        }
        long id = nextId++;
        boolean savepoint = savepointDirectory != null;
        String dir = savepoint ? savepointDirectory
                : CheckpointStorage.checkpointLocation(baseLocation, jobId, id);
        CheckpointBarrier barrier = new CheckpointBarrier(id, now, dir, savepoint);
        pending = new Pending(barrier, now, executions);
        return Optional.of(barrier);
    }

    /**
     * An execution's snapshot for checkpoint {@code id}; returns the completed checkpoint (to be written by
     * the caller, then passed to {@link #completed}) once the last one arrived. Late or unknown
     * acknowledgements are ignored.
     */
    public Optional<CompletedCheckpoint> acknowledge(String executionId, long id, SubtaskSnapshot snapshot, long now) {
        return acknowledge(executionId, id, snapshot, SubtaskCheckpointMetrics.UNKNOWN, now);
    }

    /** As {@link #acknowledge(String, long, SubtaskSnapshot, long)}, with the durations the subtask measured. */
    public Optional<CompletedCheckpoint> acknowledge(String executionId, long id, SubtaskSnapshot snapshot,
            SubtaskCheckpointMetrics metrics, long now) {
        if (pending == null || pending.id() != id || !pending.awaiting.remove(executionId)) {
            return Optional.empty();
        }
        pending.acks.add(snapshot);
        pending.ackStats.add(new SubtaskCheckpointStats(snapshot.vertexId(), snapshot.subtaskIndex(), now,
                snapshot.stateSize(), metrics.syncDurationMicros(), metrics.asyncDurationMicros()));
        pending.latestAck = now;
        if (!pending.awaiting.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Integer> maxParallelism = new HashMap<>();
        long size = 0;
        for (SubtaskSnapshot s : pending.acks) {
            size += s.stateSize();
            for (OperatorSnapshot o : s.operators()) {
                if (!o.keyGroups().isEmpty()) {
                    maxParallelism.put(o.operatorId(), o.maxParallelism());
                }
            }
        }
        return Optional.of(new CompletedCheckpoint(CheckpointStorage.METADATA_VERSION, jobId, id,
                pending.barrier.timestamp(), now - pending.triggerTime, pending.barrier.savepoint(),
                pending.barrier.directory(), maxParallelism, pending.acks, size));
    }

    /**
     * The completed checkpoint's metadata is written: it becomes the latest. Returns the directories of
     * checkpoints no longer retained (for the caller to delete); savepoints are never deleted.
     */
    public List<String> completed(CompletedCheckpoint cp, long now) {
        if (pending == null || pending.id() != cp.checkpointId()) {
            return List.of();
        }
        CheckpointStats stats = new CheckpointStats(cp.checkpointId(), CheckpointStatus.COMPLETED, cp.savepoint(), pending.triggerTime,
                pending.latestAck, cp.duration(), cp.stateSize(), pending.numSubtasks, pending.numSubtasks, cp.directory(), null,
                pending.ackStats);
        pending = null;
        completedCount++;
        consecutiveFailures = 0;
        lastCompletionTime = now;
        record(stats);
        if (cp.savepoint()) {
            latestSavepoint = stats;
            return List.of();
        }
        latestCompleted = stats;
        retained.addLast(cp);
        List<String> discard = new ArrayList<>();
        while (retained.size() > numRetained) {
            discard.add(retained.removeFirst().directory());
        }
        return discard;
    }

    /**
     * The pending checkpoint {@code id} failed (declined, timed out, writing failed, or its tasks went
     * away). Returns true when the consecutive failures exceed the tolerable number (the job should fail).
     * Its partial directory is the caller's to delete.
     */
    public boolean fail(long id, String reason, long now) {
        if (pending == null || pending.id() != id) {
            return false;
        }
        CheckpointStats stats = new CheckpointStats(id, CheckpointStatus.FAILED, pending.barrier.savepoint(), pending.triggerTime,
                pending.latestAck, now - pending.triggerTime, 0, pending.numSubtasks - pending.awaiting.size(),
                pending.numSubtasks, pending.barrier.directory(), reason, pending.ackStats);
        boolean savepoint = pending.barrier.savepoint();
        pending = null;
        failedCount++;
        latestFailed = stats;
        record(stats);
        if (savepoint) {
            return false;
        }
        consecutiveFailures++;
        return tolerableFailures >= 0 && consecutiveFailures > tolerableFailures;
    }

    /** Forgets the pending checkpoint without counting a failure (the job is restarting or stopping). */
    public void abortPending(String reason, long now) {
        if (pending != null) {
            long id = pending.id();
            boolean savepoint = pending.barrier.savepoint();
            int acked = pending.numSubtasks - pending.awaiting.size();
            record(new CheckpointStats(id, CheckpointStatus.FAILED, savepoint, pending.triggerTime, pending.latestAck,
                    now - pending.triggerTime, 0, acked, pending.numSubtasks, pending.barrier.directory(), reason,
                    pending.ackStats));
            failedCount++;
            pending = null;
        }
    }

    /** The job restored from {@code cp} (at {@code now}); retained checkpoints start from it. */
    public void restoredFrom(CompletedCheckpoint cp, long now) {
        restored = cp;
        restoredAt = now;
        nextId = Math.max(nextId, cp.checkpointId() + 1);
        if (!cp.savepoint() && retained.stream().noneMatch(r -> r.checkpointId() == cp.checkpointId())) {
            retained.addLast(cp);
        }
    }

    /** The next checkpoint gets an id above {@code id}. */
    public void startIdsAbove(long id) {
        nextId = Math.max(nextId, id + 1);
    }

    /** Retained checkpoints found on disk at start-up, oldest first. */
    public void adopt(CompletedCheckpoint cp) {
        if (retained.stream().noneMatch(r -> r.checkpointId() == cp.checkpointId())) {
            retained.addLast(cp);
            nextId = Math.max(nextId, cp.checkpointId() + 1);
        }
    }

    /** The newest retained completed checkpoint (not a savepoint). */
    public Optional<CompletedCheckpoint> latest() {
        return Optional.ofNullable(retained.peekLast());
    }

    /** The retained completed checkpoints, newest first (a copy). */
    public List<CompletedCheckpoint> retainedNewestFirst() {
        List<CompletedCheckpoint> out = new ArrayList<>(retained);
        java.util.Collections.reverse(out);
        return out;
    }

    /** Drops a retained checkpoint found to be unreadable, so the one before it is used. */
    public void dropRetained(long checkpointId) {
        retained.removeIf(c -> c.checkpointId() == checkpointId);
    }

    private void record(CheckpointStats s) {
        history.removeIf(h -> h.id() == s.id());
        history.addFirst(s);
        while (history.size() > HISTORY) {
            history.removeLast();
        }
    }

    // ------------------------------------------------------------------ statistics

    public int completedCount() {
        return completedCount;
    }

    public int failedCount() {
        return failedCount;
    }

    /** Newest first, including the one in progress. */
    public List<CheckpointStats> history(long now) {
        List<CheckpointStats> out = new ArrayList<>();
        if (pending != null) {
            out.add(new CheckpointStats(pending.id(), CheckpointStatus.IN_PROGRESS, pending.barrier.savepoint(), pending.triggerTime,
                    pending.latestAck, now - pending.triggerTime, 0, pending.numSubtasks - pending.awaiting.size(),
                    pending.numSubtasks, pending.barrier.directory(), null, pending.ackStats));
        }
        out.addAll(history);
        return out;
    }

    public Optional<CheckpointStats> latestCompleted() {
        return Optional.ofNullable(latestCompleted);
    }

    public Optional<CheckpointStats> latestSavepoint() {
        return Optional.ofNullable(latestSavepoint);
    }

    public Optional<CheckpointStats> latestFailed() {
        return Optional.ofNullable(latestFailed);
    }

    public Optional<CompletedCheckpoint> restored() {
        return Optional.ofNullable(restored);
    }

    public long restoredAt() {
        return restoredAt;
    }
}
