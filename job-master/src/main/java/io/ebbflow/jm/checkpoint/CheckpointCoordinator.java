package io.ebbflow.jm.checkpoint;

import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.protocol.JobMasterMessages.AcknowledgeCheckpoint;
import io.ebbflow.core.protocol.JobMasterMessages.DeclineCheckpoint;
import io.ebbflow.core.protocol.JobMasterMessages.JobCheckpoints;
import io.ebbflow.core.protocol.TaskExecutorGateway;
import io.ebbflow.core.protocol.TaskExecutorMessages.NotifyCheckpointComplete;
import io.ebbflow.core.protocol.TaskExecutorMessages.TriggerCheckpoint;
import io.ebbflow.core.state.CheckpointPointer;
import io.ebbflow.core.time.Cancellable;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.ebbflow.jm.execution.JobRun;
import io.ebbflow.runtime.checkpoint.CheckpointBarrier;
import io.ebbflow.runtime.checkpoint.CheckpointTracker;
import io.ebbflow.runtime.checkpoint.CheckpointStats;
import io.ebbflow.runtime.checkpoint.CheckpointStorage;
import io.ebbflow.runtime.checkpoint.CompletedCheckpoint;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobMaster's checkpointing: triggers periodic checkpoints and savepoints at the running job's
 * sources, collects acknowledgements, writes the metadata (off the event loop), keeps the pointer to the
 * latest checkpoint in the cluster map {@code ebbflow.checkpoints}, deletes checkpoints beyond the
 * retained number, and tells the subtasks when a checkpoint completed. Confined to the JobMaster's
 * verticle; everything here is non-blocking.
 */
public final class CheckpointCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointCoordinator.class);

    /** What the scheduler needs of the running job. */
    public interface RunView {
        /** The current run if all its subtasks are running or finished (a checkpoint can be taken), else null. */
        JobRun checkpointableRun();

        long epoch();

        /**
         * A checkpoint or savepoint completed (its metadata is written).
         *
         * @param pausedSources whether it was a rescale's checkpoint: the sources read nothing after its barrier
         */
        void checkpointCompleted(boolean savepoint, boolean pausedSources);

        /** A checkpoint or savepoint failed. */
        void checkpointFailed(boolean savepoint);
    }

    private final String jobId;
    private final Vertx vertx;
    private final Timers timers;
    private final Clock clock;
    private final TaskExecutorGateway taskExecutors;
    private final RecordedCheckpoints recorded;
    private final CheckpointTracker tracker;
    private final Duration interval;
    private final Duration timeout;
    private final Duration minPause;
    private final int numRetained;
    private final RunView view;
    private final Consumer<String> tooManyFailures;
    private final CheckpointDurability durability;
    /** Whether the job has state a restart must not lose: it completed a checkpoint or started from one. */
    private boolean hadState;
    /** Checkpoints dropped because they turned out unreadable, with why. */
    private final Map<Long, String> dropped = new java.util.LinkedHashMap<>();
    private final Map<Long, Promise<CompletedCheckpoint>> waiting = new HashMap<>();
    private final Map<Long, JobRun> runOf = new HashMap<>();
    /** Checkpoints in progress whose sources pause at the barrier (a rescale's). */
    private final java.util.Set<Long> pausing = new java.util.HashSet<>();
    /** Checkpoints in progress whose barrier has gone out to the sources (too late to make them pause). */
    private final java.util.Set<Long> barrierSent = new java.util.HashSet<>();
    /** A planned rescale waits for a checkpoint at whose barrier the sources pause, and none is in progress yet. */
    private boolean rescaleWanted;
    private Cancellable rescaleRetry = Cancellable.NONE;
    private Cancellable periodic = Cancellable.NONE;
    private Cancellable timeoutTimer = Cancellable.NONE;
    /** The checkpoint being stored (metadata, then durable pointer), if any: complete when none is. */
    private Future<Void> storing = Future.succeededFuture();
    /** What the metrics read, from any thread: published by the event loop after every change. */
    private final PublishedCheckpointStats published = new PublishedCheckpointStats();

    public CheckpointCoordinator(String jobId, Vertx vertx, Timers timers, Clock clock, TaskExecutorGateway taskExecutors,
            SharedMap<CheckpointPointer> pointers, String baseLocation, Duration interval, Duration timeout,
            Duration minPause, int numRetained, int tolerableFailures, RunView view, Consumer<String> tooManyFailures,
            CheckpointDurability durability) {
        this.durability = durability;
        this.jobId = jobId;
        this.vertx = vertx;
        this.timers = timers;
        this.clock = clock;
        this.taskExecutors = taskExecutors;
        this.recorded = new RecordedCheckpoints(jobId, pointers, durability.durable(), view::epoch);
        this.interval = interval;
        this.timeout = timeout;
        this.minPause = minPause;
        this.numRetained = numRetained;
        this.view = view;
        this.tooManyFailures = tooManyFailures;
        this.tracker = new CheckpointTracker(jobId, baseLocation, numRetained, tolerableFailures, 1);
    }

    public boolean periodicEnabled() {
        return interval != null;
    }

    /** Starts periodic checkpoints (if an interval is set). */
    public void start() {
        if (interval != null) {
            periodic = timers.periodic(interval, this::periodicTrigger);
        }
    }

    public void stop() {
        periodic.cancel();
        timeoutTimer.cancel();
        withdrawRescaleCheckpoint();
    }

    private void periodicTrigger() {
        if (rescaleWanted) {
            // The next checkpoint is a rescale's: one whose barrier does not pause the sources would stand in its way.
            pursueRescaleCheckpoint();
            return;
        }
        if (tracker.pending().isPresent()) {
            return;
        }
        long sinceLast = clock.millis() - tracker.lastCompletionTime();
        if (tracker.lastCompletionTime() >= 0 && sinceLast < minPause.toMillis()) {
            return;
        }
        if (view.checkpointableRun() != null) {
            trigger(null).onFailure(e -> LOG.debug("Checkpoint of job {} not taken: {}", jobId, e.getMessage()));
        }
    }

    /**
     * A planned rescale is due: it waits for a checkpoint at whose barrier the sources pause, so it reads nothing
     * again. Taken now (not at the next interval), or, if one is in progress, by making it pause the sources if
     * its barrier has not gone out yet, else right after it ends; never before the min-pause is over
     * ({@link RescaleTrigger}). Until then the periodic trigger takes no other. Asking again while it is coming
     * changes nothing; asking while the job is not running takes it once the job runs and it is asked again.
     */
    public void requestRescaleCheckpoint() {
        rescaleWanted = true;
        pursueRescaleCheckpoint();
    }

    /** No rescale waits for a checkpoint any more (it happened, or the scheduler moved on). */
    public void withdrawRescaleCheckpoint() {
        rescaleWanted = false;
        rescaleRetry.cancel();
    }

    private void pursueRescaleCheckpoint() {
        if (!rescaleWanted || view.checkpointableRun() == null) {
            return;
        }
        Optional<RescaleTrigger.InProgress> inProgress = tracker.pending().map(p -> new RescaleTrigger.InProgress(p.id(),
                p.barrier.savepoint(), pausing.contains(p.id()), barrierSent.contains(p.id())));
        RescaleTrigger.Decision decision = RescaleTrigger.decide(inProgress, tracker.lastCompletionTime(), minPause,
                clock.millis());
        if (decision instanceof RescaleTrigger.TriggerNow) {
            rescaleWanted = false;
            trigger(null, true).onFailure(e -> LOG.debug("Checkpoint for a rescale of job {} not taken: {}", jobId,
                    e.getMessage()));
        } else if (decision instanceof RescaleTrigger.Upgrade upgrade) {
            rescaleWanted = false;
            pausing.add(upgrade.id());
            LOG.info("Checkpoint {} of job {} is taken for a rescale: the sources pause at its barrier", upgrade.id(), jobId);
        } else if (decision instanceof RescaleTrigger.TriggerAt at) {
            rescaleRetry.cancel();
            rescaleRetry = timers.schedule(Duration.ofMillis(at.time() - clock.millis()), this::pursueRescaleCheckpoint);
        }
        // AwaitEnd: decided again when the checkpoint in progress ends.
    }

    /** The checkpoint (or savepoint into {@code savepointDirectory}) completes the future once stored. */
    public Future<CompletedCheckpoint> trigger(String savepointDirectory) {
        return trigger(savepointDirectory, false);
    }

    /** With {@code pauseSources}, the sources read nothing after the barrier until it completes or is aborted. */
    private Future<CompletedCheckpoint> trigger(String savepointDirectory, boolean pauseSources) {
        JobRun run = view.checkpointableRun();
        if (run == null) {
            return Future.failedFuture(new IllegalStateException("the job is not running (all its tasks must be running)"));
        }
        List<JobRun.Subtask> active = run.subtasks().stream().filter(s -> s.state() != io.ebbflow.core.job.ExecutionState.FINISHED).toList();
        Optional<CheckpointBarrier> triggered = tracker.trigger(clock.millis(),
                active.stream().map(s -> s.plan().executionId()).toList(), savepointDirectory);
        if (triggered.isEmpty()) {
            return Future.failedFuture(new InProgressException(tracker.pending().map(CheckpointTracker.Pending::id)
                    .orElse(-1L)));
        }
        CheckpointBarrier b = triggered.get();
        if (pauseSources) {
            pausing.add(b.id());
        }
        Promise<CompletedCheckpoint> promise = Promise.promise();
        waiting.put(b.id(), promise);
        runOf.put(b.id(), run);
        Map<String, List<String>> sourcesByTe = new HashMap<>();
        for (JobRun.Subtask s : active) {
            if (s.plan().spec().inputs().isEmpty()) {
                sourcesByTe.computeIfAbsent(s.plan().location().taskExecutorId(), k -> new ArrayList<>()).add(s.plan().executionId());
            }
        }
        LOG.info("Triggering {} {} of job {} ({} subtasks)", b.savepoint() ? "savepoint" : "checkpoint", b.id(), jobId,
                active.size());
        // The directory first: subtasks write only into an existing one, so a failed checkpoint's stays deleted.
        vertx.executeBlocking(() -> {
            CheckpointStorage.createDirectory(b.directory());
            return null;
        }, false).onComplete(created -> {
            if (created.failed()) {
                failPending(b.id(), "its directory " + b.directory() + " cannot be created: " + created.cause());
                return;
            }
            if (tracker.pending().map(CheckpointTracker.Pending::id).orElse(-1L) != b.id()) {
                return; // aborted meanwhile
            }
            // Read now: a rescale may have asked, since the trigger, for its barrier to pause the sources.
            boolean pause = pausing.contains(b.id());
            barrierSent.add(b.id());
            sourcesByTe.forEach((te, execs) -> taskExecutors.triggerCheckpoint(te, new TriggerCheckpoint(jobId,
                    view.epoch(), execs, b.id(), b.timestamp(), b.directory(), b.savepoint(), pause))
                    .onFailure(e -> failPending(b.id(), "triggering at " + te + " failed: " + e.getMessage())));
        });
        timeoutTimer.cancel();
        timeoutTimer = timers.schedule(timeout, () -> failPending(b.id(), "expired after " + timeout.toMillis() + " ms"));
        return promise.future();
    }

    /** A checkpoint could not start because another one is in progress (one at a time). */
    public static final class InProgressException extends IllegalStateException {
        InProgressException(long pendingId) {
            super("checkpoint " + pendingId + " is in progress");
        }
    }

    public void acknowledge(AcknowledgeCheckpoint ack) {
        tracker.acknowledge(ack.executionId(), ack.checkpointId(), ack.snapshot(), ack.metrics(), clock.millis()).ifPresent(this::store);
    }

    public void decline(DeclineCheckpoint decline) {
        failPending(decline.checkpointId(), "declined by " + decline.executionId() + ": " + decline.reason());
    }

    /**
     * Writes the metadata off the event loop, then makes the checkpoint the latest. From the last acknowledgement
     * on, the checkpoint is no longer aborted ({@link #abortPending}): once its pointer may be recorded durably,
     * the job must restore it, so a restart waits for {@link #settled()} before it chooses what to restore.
     */
    private void store(CompletedCheckpoint cp) {
        timeoutTimer.cancel();
        Promise<Void> stored = Promise.promise();
        storing = stored.future();
        CheckpointPointer pointer = new CheckpointPointer(jobId, cp.checkpointId(), cp.directory(), cp.timestamp());
        vertx.executeBlocking(() -> CheckpointStorage.writeMetadata(cp), false)
                .compose(written -> cp.savepoint() ? Future.succeededFuture(true) : recorded.recordDurably(pointer))
                .onComplete(ar -> {
                    try {
                        stored(cp, pointer, ar);
                    } finally {
                        stored.complete();
                    }
                });
    }

    /**
     * Completes when no checkpoint is being stored: one whose every subtask acknowledged is recorded (or failed)
     * by then, so what {@link #retainedNewestFirst()} says next agrees with the durable pointer.
     */
    public Future<Void> settled() {
        return storing;
    }

    private void stored(CompletedCheckpoint cp, CheckpointPointer pointer, AsyncResult<Boolean> ar) {
        if (ar.failed()) {
            failPending(cp.checkpointId(), "writing its metadata failed: " + ar.cause());
            return;
        }
        if (!ar.result()) {
            // Never completed, never committed: sinks must not commit what a newer JobMaster will replay.
            durability.fenced().accept("checkpoint " + cp.checkpointId() + " of job " + jobId + " could not be "
                    + "committed: its epoch " + view.epoch() + " is superseded by a newer JobMaster epoch");
            return;
        }
        if (!cp.savepoint()) {
            hadState = true;
        }
        List<String> discard = tracker.completed(cp, clock.millis());
        CheckpointStats completedStats = tracker.history(clock.millis()).stream()
                .filter(s -> s.id() == cp.checkpointId()).findFirst().orElse(published.lastCompleted());
        publish(completedStats);
        LOG.info("Completed {} {} of job {} in {} ms ({} bytes) at {}", cp.savepoint() ? "savepoint" : "checkpoint",
                cp.checkpointId(), jobId, cp.duration(), cp.stateSize(), cp.directory());
        if (!cp.savepoint()) {
            recorded.recordInCluster(pointer);
        }
        if (!discard.isEmpty()) {
            vertx.executeBlocking(() -> {
                for (String p : discard) {
                    CheckpointStorage.discard(p);
                }
                return null;
            }, false).onFailure(e -> LOG.warn("Could not delete old checkpoints of job {}: {}", jobId, e.toString()));
        }
        JobRun run = runOf.remove(cp.checkpointId());
        Promise<CompletedCheckpoint> p = waiting.remove(cp.checkpointId());
        if (p != null) {
            p.tryComplete(cp);
        }
        barrierSent.remove(cp.checkpointId());
        // The scheduler first (it may rescale right now, cancelling the run), then the subtasks, if they go on;
        // then a rescale's checkpoint that waited for this one to end.
        view.checkpointCompleted(cp.savepoint(), pausing.remove(cp.checkpointId()));
        if (run != null && view.checkpointableRun() == run) {
            notifySubtasks(run, cp.checkpointId(), false);
        }
        pursueRescaleCheckpoint();
    }

    /** Tells the run's live subtasks that a checkpoint completed (sinks commit) or was aborted (sources resume). */
    private void notifySubtasks(JobRun run, long id, boolean aborted) {
        Map<String, List<String>> byTe = new HashMap<>();
        for (JobRun.Subtask s : run.subtasks()) {
            if (!s.terminal()) {
                byTe.computeIfAbsent(s.plan().location().taskExecutorId(), k -> new ArrayList<>()).add(s.plan().executionId());
            }
        }
        byTe.forEach((te, execs) -> taskExecutors.notifyCheckpointComplete(te,
                new NotifyCheckpointComplete(jobId, view.epoch(), execs, id, aborted))
                .onFailure(e -> LOG.debug("Checkpoint {} notification not delivered to {}: {}", id, te, e.toString())));
    }

    private void failPending(long id, String reason) {
        CheckpointTracker.Pending pending = tracker.pending().orElse(null);
        if (pending == null || pending.id() != id) {
            return;
        }
        timeoutTimer.cancel();
        pausing.remove(id);
        barrierSent.remove(id);
        String dir = pending.barrier.directory();
        boolean savepoint = pending.barrier.savepoint();
        boolean fatal = tracker.fail(id, reason, clock.millis());
        publish(published.lastCompleted());
        LOG.warn("{} {} of job {} failed: {}", savepoint ? "Savepoint" : "Checkpoint", id, jobId, reason);
        JobRun failedRun = runOf.remove(id);
        if (failedRun != null && view.checkpointableRun() == failedRun) {
            notifySubtasks(failedRun, id, true);
        }
        vertx.executeBlocking(() -> {
            CheckpointStorage.discard(dir);
            return null;
        }, false).onFailure(e -> LOG.warn("Could not delete the failed checkpoint {} of job {} at {}: {}", id, jobId, dir,
                e.toString()));
        Promise<CompletedCheckpoint> p = waiting.remove(id);
        if (p != null) {
            p.tryFail(new IllegalStateException((savepoint ? "savepoint " : "checkpoint ") + id + " failed: " + reason));
        }
        view.checkpointFailed(savepoint);
        if (fatal) {
            tooManyFailures.accept("checkpoint " + id + " failed (" + reason + ") and the tolerable number of failed "
                    + "checkpoints is exceeded");
        }
        pursueRescaleCheckpoint();
    }

    /**
     * The job's tasks are going away (failure, rescale, stop): the pending checkpoint cannot complete, unless every
     * subtask has acknowledged it. Then it is being stored, and its pointer may already be on its way to the durable
     * store: aborting it here would let this JobMaster restore the checkpoint before it while the durable record
     * (what a JobMaster taking over restores) names this one, whose sinks' transactions the restart had aborted.
     */
    public void abortPending(String reason) {
        tracker.pending().ifPresent(p -> {
            if (p.allAcknowledged()) {
                LOG.info("Checkpoint {} of job {} is not aborted ({}): every subtask acknowledged it and it is being "
                        + "stored; a restart restores it", p.id(), jobId, reason);
                return;
            }
            timeoutTimer.cancel();
            long id = p.id();
            tracker.abortPending(reason, clock.millis());
            publish(published.lastCompleted());
            runOf.remove(id);
            pausing.remove(id);
            barrierSent.remove(id);
            Promise<CompletedCheckpoint> promise = waiting.remove(id);
            if (promise != null) {
                promise.tryFail(new IllegalStateException("checkpoint " + id + " aborted: " + reason));
            }
        });
    }

    /**
     * Finds what the job starts from ({@link RestoreChoice#atStart}), reading the storage off the event loop: the
     * savepoint it was told to start from; for a JobMaster taking over a job, the checkpoint recorded in the
     * cluster, else the newest readable one on disk. New checkpoint ids start above every one on disk, and a
     * checkpoint started from is retained (a restart restores it).
     */
    public Future<CompletedCheckpoint> resolveStart(Optional<String> savepoint, boolean recovering, boolean earlierEnded,
            RestoreChoice.Storage storage) {
        Future<CheckpointPointer> pointer = savepoint.isPresent() || !recovering
                ? Future.succeededFuture(null)
                : recorded.newest();
        return pointer.compose(p -> vertx.executeBlocking(() -> RestoreChoice.atStart(savepoint, recovering,
                earlierEnded, p == null ? null : p.path(), storage, why -> LOG.warn("Job {}: {}", jobId, why),
                durability.allowEmptyState()), false))
                .map(start -> {
                    CompletedCheckpoint cp = start.checkpoint();
                    // Ids go on above every checkpoint on disk and above the one started from (as Flink's do).
                    tracker.startIdsAbove(Math.max(start.highestId(), cp == null ? 0 : cp.checkpointId()));
                    if (cp != null) {
                        hadState = true;
                        LOG.info("Job {} will start from {} {} at {}", jobId, cp.savepoint() ? "savepoint" : "checkpoint",
                                cp.checkpointId(), cp.directory());
                        if (!cp.savepoint()) {
                            // Older intact ones first (oldest first), so a corrupt newest one has a fallback.
                            List<CompletedCheckpoint> older = new ArrayList<>(start.older());
                            java.util.Collections.reverse(older);
                            older.forEach(tracker::adopt);
                            tracker.adopt(cp);
                        }
                    }
                    return cp;
                });
    }

    /**
     * What restoring nothing would lose: null if the job has no state yet (or the user allows starting empty),
     * else the checkpoints found unreadable, by id with why.
     */
    public Map<Long, String> stateAtRisk() {
        if (!hadState || durability.allowEmptyState()) {
            return null;
        }
        return Map.copyOf(dropped.isEmpty() ? Map.of(0L, "the job completed checkpoints, but none is retained") : dropped);
    }

    /** The latest retained checkpoint (what a restart restores). */
    public Optional<CompletedCheckpoint> latest() {
        return tracker.latest();
    }

    /** The retained checkpoints, newest first. */
    public List<CompletedCheckpoint> retainedNewestFirst() {
        return tracker.retainedNewestFirst();
    }

    /** The retained checkpoint {@code id} turned out unreadable: it is dropped so the one before it is used. */
    public void dropRetained(long id, String why) {
        dropped.put(id, why);
        tracker.dropRetained(id);
    }

    public void restoredFrom(CompletedCheckpoint cp) {
        hadState = true;
        tracker.restoredFrom(cp, clock.millis());
        publish(published.lastCompleted());
    }

    private void publish(CheckpointStats lastCompleted) {
        published.publish(lastCompleted, tracker.completedCount(), tracker.failedCount(), tracker.restoredAt());
    }

    /** The checkpoint figures the metrics read (any thread). */
    public PublishedCheckpointStats published() {
        return published;
    }

    public JobCheckpoints stats() {
        return CheckpointStatsView.of(tracker, clock.millis(), interval, timeout, minPause, numRetained);
    }
}
