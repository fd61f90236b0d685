package io.ebbflow.core.protocol;

import io.ebbflow.core.checkpoint.CheckpointStatus;
import io.ebbflow.core.checkpoint.SubtaskCheckpointMetrics;
import io.ebbflow.core.checkpoint.SubtaskCheckpointStats;
import io.ebbflow.core.checkpoint.SubtaskSnapshot;
import io.ebbflow.core.job.ExecutionState;
import io.ebbflow.core.job.JobStatus;
import java.util.List;

/** Messages addressed to a job's JobMaster, and its replies. */
public final class JobMasterMessages {

    private JobMasterMessages() {
    }

    /**
     * A TaskExecutor offers the slots it allocated to this job; the JobMaster accepts those that meet an
     * outstanding requirement (and those it already holds).
     *
     * @param host and {@code dataPort}: where the TaskExecutor's data server listens
     * @param offerId increases per (TaskExecutor, job); a reply to an older offer is ignored by the TaskExecutor
     */
    public record OfferSlots(String taskExecutorId, String nodeId, String host, int dataPort, long offerId,
            List<SlotOffer> offers) implements ProtocolMessage {
        public OfferSlots {
            Require.id(taskExecutorId, "taskExecutorId");
            Require.text(nodeId, "nodeId", 128);
            Require.text(host, "host", 255);
            Require.between(dataPort, 0, 65535, "dataPort");
            Require.atLeast(offerId, 1, "offerId");
            offers = Require.list(offers, "offers", 1024);
        }
    }

    /** One offered slot. */
    public record SlotOffer(int slotIndex, String allocationId) {
        public SlotOffer {
            Require.between(slotIndex, 0, 1023, "slotIndex");
            Require.id(allocationId, "allocationId");
        }
    }

    /**
     * The accepted subset of an offer; the TaskExecutor frees the rest.
     *
     * @param jobMasterEpoch the accepting JobMaster's epoch
     * @param jobMasterNodeId its cluster node, so the TaskExecutor notices at once if it goes
     * @param jobJarUrl where the job jar is served, so that a TaskExecutor that accepted slots fetches it before the
     *        deployment comes (null if the JobMaster has no jar to serve)
     * @param jobJarSha256 the jar's SHA-256 (hex), with {@code jobJarUrl}
     */
    public record SlotsAccepted(long offerId, long jobMasterEpoch, String jobMasterNodeId,
            List<String> acceptedAllocationIds, String jobJarUrl, String jobJarSha256, String jobSecret)
            implements ProtocolMessage {
        public SlotsAccepted(long offerId, long jobMasterEpoch, String jobMasterNodeId, List<String> acceptedAllocationIds) {
            this(offerId, jobMasterEpoch, jobMasterNodeId, acceptedAllocationIds, null, null, null);
        }

        public SlotsAccepted {
            Require.atLeast(jobMasterEpoch, 1, "jobMasterEpoch");
            Require.text(jobMasterNodeId, "jobMasterNodeId", 128);
            acceptedAllocationIds = Require.idList(acceptedAllocationIds, "acceptedAllocationIds", 1024);
            if ((jobJarUrl == null) != (jobJarSha256 == null) || (jobJarUrl == null) != (jobSecret == null)) {
                throw new IllegalArgumentException("fields 'jobJarUrl', 'jobJarSha256' and 'jobSecret' come together, "
                        + "got only some");
            }
            if (jobJarUrl != null) {
                Require.text(jobJarUrl, "jobJarUrl", 2_000);
                Require.text(jobJarSha256, "jobJarSha256", 64);
                Require.secret(jobSecret, "jobSecret");
            }
        }

        /** Never shows the job's secret (replies are logged when they fail). */
        @Override
        public String toString() {
            return "SlotsAccepted[offerId=" + offerId + ", jobMasterEpoch=" + jobMasterEpoch + ", jobMasterNodeId="
                    + jobMasterNodeId + ", acceptedAllocationIds=" + acceptedAllocationIds + ", jobJarUrl=" + jobJarUrl
                    + ", jobJarSha256=" + jobJarSha256 + "]";
        }

        /** The same reply, telling where the job jar is and the job's secret (the TaskExecutor holds a slot now). */
        public SlotsAccepted withJobJar(String url, String sha256, String secret) {
            return url == null ? this : new SlotsAccepted(offerId, jobMasterEpoch, jobMasterNodeId, acceptedAllocationIds,
                    url, sha256, secret);
        }
    }

    /** A TaskExecutor leaves cleanly: the job loses its slots there at once. */
    public record DisconnectTaskExecutor(String taskExecutorId, String reason) implements ProtocolMessage {
        public DisconnectTaskExecutor {
            Require.id(taskExecutorId, "taskExecutorId");
            Require.text(reason, "reason", 1000);
        }
    }

    /**
     * The ResourceManager's fair division changed the job's share.
     *
     * @param quota slots the job may hold; free slots beyond it are given back at once
     */
    public record ResourceQuota(long rmEpoch, int quota) implements ProtocolMessage {
        public ResourceQuota {
            Require.atLeast(rmEpoch, 1, "rmEpoch");
            Require.between(quota, 0, ResourceDeclaration.MAX_SLOTS, "quota");
        }
    }

    /**
     * A subtask changed state on its TaskExecutor.
     *
     * @param state RUNNING, FINISHED, CANCELED or FAILED
     * @param failureCause the exception with its stack trace when FAILED, else null
     * @param readAfterCheckpoints a source subtask that ended: how many records it read after each checkpoint a
     *        restart could resume from (checkpoint id, 0 for the job's beginning, to records); empty otherwise
     * @param accumulators a subtask that ended: its job accumulators' final values (its share), so that an ended job
     *        shows them even when it ended before a periodic metrics report carried them; empty otherwise
     */
    public record TaskStateUpdate(String taskExecutorId, String executionId, ExecutionState state, String failureCause,
            java.util.Map<Long, Long> readAfterCheckpoints, java.util.Map<String, Long> accumulators)
            implements ProtocolMessage {
        public TaskStateUpdate(String taskExecutorId, String executionId, ExecutionState state, String failureCause,
                java.util.Map<Long, Long> readAfterCheckpoints) {
            this(taskExecutorId, executionId, state, failureCause, readAfterCheckpoints, java.util.Map.of());
        }

        public TaskStateUpdate {
            Require.id(taskExecutorId, "taskExecutorId");
            Require.id(executionId, "executionId");
            Require.present(state, "state");
            if (!state.isReportable()) {
                throw new IllegalArgumentException("field 'state' must be RUNNING, FINISHED, CANCELED or FAILED, got '"
                        + state + "'");
            }
            if (failureCause != null) {
                Require.text(failureCause, "failureCause", 100_000);
            }
            readAfterCheckpoints = readAfterCheckpoints == null ? java.util.Map.of() : java.util.Map.copyOf(readAfterCheckpoints);
            if (readAfterCheckpoints.size() > 10_000) {
                throw new IllegalArgumentException("field 'readAfterCheckpoints' has " + readAfterCheckpoints.size()
                        + " entries, at most 10000 allowed");
            }
            readAfterCheckpoints.forEach((id, n) -> {
                if (id == null || id < 0 || n == null || n < 0) {
                    throw new IllegalArgumentException("field 'readAfterCheckpoints' must map checkpoint ids >= 0 to counts"
                            + " >= 0, got " + id + " -> " + n);
                }
            });
            if (accumulators == null) {
                accumulators = java.util.Map.of();
            }
            if (accumulators.size() > 1_000) {
                throw new IllegalArgumentException("field 'accumulators' has " + accumulators.size()
                        + " entries, at most 1000 allowed");
            }
            accumulators.forEach((name, value) -> {
                Require.text(name, "accumulators' name", 1_000);
                Require.present(value, "accumulators' value of '" + name + "'");
            });
            accumulators = java.util.Map.copyOf(accumulators);
        }
    }

    /** A TaskExecutor's periodic report of the metrics of the job's subtasks it runs. */
    public record TaskMetricsReport(String taskExecutorId, List<TaskMetrics> tasks) implements ProtocolMessage {
        public TaskMetricsReport {
            Require.id(taskExecutorId, "taskExecutorId");
            tasks = Require.list(tasks, "tasks", 10_000);
        }
    }

    /**
     * One subtask's metrics, with Flink's names. Rates are over the last report interval; the time
     * shares are milliseconds per second (they add up to about 1000). A source subtask's figures, -1 where they
     * cannot be told (and for other subtasks): {@code pendingRecords} its backlog, {@code currentFetchEventTimeLag}
     * and {@code currentEmitEventTimeLag} how long after their event time (ms) its latest records were fetched and
     * emitted, {@code numRecordsInErrors} the records its reader skipped as unreadable.
     */
    public record TaskMetrics(String executionId, String vertexId, int subtaskIndex, long numRecordsIn, long numRecordsOut,
            long numBytesIn, long numBytesOut, double numRecordsInPerSecond, double numRecordsOutPerSecond,
            double busyTimeMsPerSecond, double backPressuredTimeMsPerSecond, double idleTimeMsPerSecond,
            java.util.Map<String, Long> accumulators, long pendingRecords, long currentFetchEventTimeLag,
            long currentEmitEventTimeLag, long numRecordsInErrors, TimeTotals totals) {
        public TaskMetrics {
            Require.id(executionId, "executionId");
            accumulators = accumulators == null ? java.util.Map.of() : java.util.Map.copyOf(accumulators);
            totals = totals == null ? TimeTotals.NONE : totals;
        }

        /** Without the time totals (they read as 0). */
        public TaskMetrics(String executionId, String vertexId, int subtaskIndex, long numRecordsIn, long numRecordsOut,
                long numBytesIn, long numBytesOut, double numRecordsInPerSecond, double numRecordsOutPerSecond,
                double busyTimeMsPerSecond, double backPressuredTimeMsPerSecond, double idleTimeMsPerSecond,
                java.util.Map<String, Long> accumulators, long pendingRecords, long currentFetchEventTimeLag,
                long currentEmitEventTimeLag, long numRecordsInErrors) {
            this(executionId, vertexId, subtaskIndex, numRecordsIn, numRecordsOut, numBytesIn, numBytesOut,
                    numRecordsInPerSecond, numRecordsOutPerSecond, busyTimeMsPerSecond, backPressuredTimeMsPerSecond,
                    idleTimeMsPerSecond, accumulators, pendingRecords, currentFetchEventTimeLag, currentEmitEventTimeLag,
                    numRecordsInErrors, TimeTotals.NONE);
        }
    }

    /**
     * Milliseconds a subtask (or, summed, a vertex's subtasks) spent busy, back-pressured and idle since it started:
     * Flink's {@code accumulated-busy-time}, {@code accumulated-backpressured-time}, {@code accumulated-idle-time}.
     */
    public record TimeTotals(long busyMillis, long backPressuredMillis, long idleMillis) {
        public static final TimeTotals NONE = new TimeTotals(0, 0, 0);

        public TimeTotals plus(TimeTotals other) {
            return new TimeTotals(busyMillis + other.busyMillis, backPressuredMillis + other.backPressuredMillis,
                    idleMillis + other.idleMillis);
        }
    }

    /**
     * A subtask stored its state for a checkpoint.
     *
     * @param snapshot the handle of its state: where its files are and its operator state
     * @param metrics how long its synchronous and asynchronous parts took ({@link SubtaskCheckpointMetrics#UNKNOWN} if absent)
     */
    public record AcknowledgeCheckpoint(String taskExecutorId, String executionId, long checkpointId,
            SubtaskSnapshot snapshot, SubtaskCheckpointMetrics metrics)
            implements ProtocolMessage {
        public AcknowledgeCheckpoint {
            Require.id(taskExecutorId, "taskExecutorId");
            Require.id(executionId, "executionId");
            Require.atLeast(checkpointId, 1, "checkpointId");
            Require.present(snapshot, "snapshot");
            metrics = metrics == null ? SubtaskCheckpointMetrics.UNKNOWN : metrics;
        }

        public AcknowledgeCheckpoint(String taskExecutorId, String executionId, long checkpointId, SubtaskSnapshot snapshot) {
            this(taskExecutorId, executionId, checkpointId, snapshot, SubtaskCheckpointMetrics.UNKNOWN);
        }
    }

    /** A subtask could not take part in a checkpoint. */
    public record DeclineCheckpoint(String taskExecutorId, String executionId, long checkpointId, String reason)
            implements ProtocolMessage {
        public DeclineCheckpoint {
            Require.id(taskExecutorId, "taskExecutorId");
            Require.id(executionId, "executionId");
            Require.text(reason, "reason", 10_000);
        }
    }

    /**
     * A TaskExecutor asks, before any code of a deployed subtask runs (its state restore included), whether the
     * JobMaster still wants it: a deployment message delayed past a partition, or past the JobMaster giving up on it,
     * must not run the restore's side effects (a sink moving aside what a newer deployment committed, a Kafka sink
     * aborting a newer deployment's transactions). Answered with an {@link Ack}, or refused with a conflict naming why.
     *
     * @param jobMasterEpoch the epoch of the JobMaster that sent the deployment
     */
    public record ConfirmDeployment(String taskExecutorId, long jobMasterEpoch, String executionId)
            implements ProtocolMessage {
        public ConfirmDeployment {
            Require.id(taskExecutorId, "taskExecutorId");
            Require.atLeast(jobMasterEpoch, 1, "jobMasterEpoch");
            Require.id(executionId, "executionId");
        }
    }

    /** Asks for the job's checkpoint statistics (read-only). */
    public record CheckpointStatsRequest() implements ProtocolMessage {
    }

    /**
     * One checkpoint in the statistics (see Flink's {@code /jobs/:jobid/checkpoints}).
     *
     * @param subtasks the acknowledgements received, with each subtask's synchronous and asynchronous durations
     */
    public record CheckpointView(long id, CheckpointStatus status, boolean savepoint, long triggerTimestamp,
            long latestAckTimestamp, long endToEndDuration, long stateSize, int numAcknowledgedSubtasks,
            int numSubtasks, String externalPath, String failureMessage, List<SubtaskCheckpointStats> subtasks) {
        public CheckpointView {
            subtasks = subtasks == null ? List.of() : List.copyOf(subtasks);
        }

        public CheckpointView(long id, CheckpointStatus status, boolean savepoint, long triggerTimestamp,
                long latestAckTimestamp, long endToEndDuration, long stateSize, int numAcknowledgedSubtasks,
                int numSubtasks, String externalPath, String failureMessage) {
            this(id, status, savepoint, triggerTimestamp, latestAckTimestamp, endToEndDuration, stateSize,
                    numAcknowledgedSubtasks, numSubtasks, externalPath, failureMessage, List.of());
        }
    }

    /**
     * The job's checkpoints.
     *
     * @param restored the checkpoint or savepoint the current run restored, or null
     * @param restoreTimestamp when it was restored (-1 if never)
     */
    public record JobCheckpoints(int inProgress, int completed, int failed, int restoredCount, CheckpointView latestCompleted,
            CheckpointView latestSavepoint, CheckpointView latestFailed, CheckpointView restored, long restoreTimestamp,
            List<CheckpointView> history, long interval, long timeout, long minPause, int numRetained)
            implements ProtocolMessage {
        public JobCheckpoints {
            history = Require.list(history, "history", 1_000);
        }
    }

    /**
     * New (lower, upper) parallelism bounds for every vertex of the job (Flink's
     * {@code PUT /jobs/:jobid/resource-requirements}); -1 means 1 for the lower and the max parallelism for
     * the upper bound.
     */
    public record UpdateRequirements(java.util.Map<String, Bounds> vertices) implements ProtocolMessage {
        public UpdateRequirements {
            Require.present(vertices, "vertices");
            if (vertices.size() > 10_000) {
                throw new IllegalArgumentException("field 'vertices' has more than 10000 entries");
            }
            vertices = java.util.Map.copyOf(vertices);
        }
    }

    /** A vertex's parallelism bounds. */
    public record Bounds(int lowerBound, int upperBound) {
    }

    /** Cancels the job (Flink's {@code PATCH /jobs/:jobid?mode=cancel}). */
    public record CancelJob() implements ProtocolMessage {
    }

    /** Asks for the job's rescale and restart history (read-only). */
    public record RescalesRequest() implements ProtocolMessage {
    }

    /**
     * One rescale or restart; {@code end} (all subtasks of the new execution running) is -1 while in progress.
     *
     * @param phases what it went through, in order, each with its start and end (-1 while current)
     * @param reprocessed records the sources read again: those read after the checkpoint the new execution
     *        restored (-1 until known)
     * @param reprocessedUnknownSubtasks source subtasks that could not tell (lost with their TaskExecutor): then
     *        {@code reprocessed} is a lower bound
     */
    public record RescaleView(long id, boolean rescale, String cause, java.util.Map<String, Integer> before,
            java.util.Map<String, Integer> after, long start, long end, List<PhaseView> phases, long reprocessed,
            int reprocessedUnknownSubtasks) {
        public RescaleView {
            phases = phases == null ? List.of() : List.copyOf(phases);
        }
    }

    /** One phase of a rescale or restart. */
    public record PhaseView(String name, long start, long end) {
    }

    /**
     * The job's rescales and restarts, newest first, the scheduler's settings and decision phase, and the built-in
     * scaling policy's state ({@code autoscaler} null when it is off).
     */
    public record JobRescales(List<RescaleView> history, int numRescales, int numRestarts, String schedulerState,
            String phase, long phaseDeadline, java.util.Map<String, String> config, AutoscalerView autoscaler)
            implements ProtocolMessage {
        public JobRescales {
            history = Require.list(history, "history", 10_000);
            config = config == null ? java.util.Map.of() : java.util.Map.copyOf(config);
        }

        /** Without the scaling policy. */
        public JobRescales(List<RescaleView> history, int numRescales, int numRestarts, String schedulerState,
                String phase, long phaseDeadline, java.util.Map<String, String> config) {
            this(history, numRescales, numRestarts, schedulerState, phase, phaseDeadline, config, null);
        }
    }

    /**
     * The built-in scaling policy: where it is ({@code phase}: waiting for the job to run, stabilizing, collecting
     * metrics, deciding; since when, -1 if unknown) and its latest evaluation (at {@code decidedAt}, -1: none yet),
     * explained per vertex, with the parallelism it asked for ({@code changes}, empty: none).
     */
    public record AutoscalerView(String phase, long since, long decidedAt, String decision,
            java.util.Map<String, Integer> changes) {
        public AutoscalerView {
            changes = changes == null ? java.util.Map.of() : java.util.Map.copyOf(changes);
        }
    }

    /** Asks for the job's accumulators (read-only). */
    public record AccumulatorsRequest() implements ProtocolMessage {
    }

    /** The job's accumulators, summed over its subtasks. */
    public record JobAccumulators(java.util.Map<String, Long> values) implements ProtocolMessage {
        public JobAccumulators {
            values = values == null ? java.util.Map.of() : java.util.Map.copyOf(values);
        }
    }

    /** Asks for the job's details (read-only). */
    public record JobDetailsRequest() implements ProtocolMessage {
    }

    /**
     * The job as its JobMaster sees it.
     *
     * @param state the job status in Flink's terms (CREATED, RUNNING, ...)
     * @param schedulerState the scheduler's state
     * @param quota the share granted by the ResourceManager (-1 while unknown)
     */
    public record JobDetails(String jobId, String name, JobStatus state, String schedulerState, long startTime,
            long endTime, long jobMasterEpoch, List<VertexView> vertices, List<EdgeView> edges, int minSlots,
            int desiredSlots, int quota, List<HeldSlot> slots, List<ExceptionView> exceptions) implements ProtocolMessage {
        public JobDetails {
            Require.id(jobId, "jobId");
            vertices = Require.list(vertices, "vertices", 10_000);
            edges = Require.list(edges, "edges", 100_000);
            slots = Require.list(slots, "slots", 1_000_000);
            exceptions = Require.list(exceptions, "exceptions", 1_000);
        }
    }

    /** An edge of the job graph and how records cross it. */
    public record EdgeView(String source, String target, String partitioning) {
    }

    /** A failure of the job, newest first. */
    public record ExceptionView(long timestamp, String taskName, String taskExecutorId, String exception) {
    }

    /**
     * One vertex with its declared bounds and current parallelism.
     *
     * @param parallelism the parallelism it runs at now (0 while not running)
     */
    public record VertexView(String id, String name, String slotSharingGroup, int minParallelism,
            int targetParallelism, int maxParallelism, int parallelism, ExecutionState status, VertexMetrics metrics,
            List<SubtaskView> subtasks) {
    }

    /**
     * A vertex's metrics summed over its subtasks (Flink's per-vertex REST metrics and the task metrics); of a
     * source, the backlog and skipped records summed and the event-time lags the largest (-1: no subtask tells).
     */
    public record VertexMetrics(long readRecords, long writeRecords, long readBytes, long writeBytes,
            double numRecordsInPerSecond, double numRecordsOutPerSecond, double busyTimeMsPerSecondMax,
            double backPressuredTimeMsPerSecondMax, double idleTimeMsPerSecondAvg, long pendingRecords,
            long currentFetchEventTimeLagMax, long currentEmitEventTimeLagMax, long numRecordsInErrors,
            TimeTotals totals) {
        public static final VertexMetrics NONE = new VertexMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1);

        public VertexMetrics {
            totals = totals == null ? TimeTotals.NONE : totals;
        }

        /** Without the time totals (they read as 0). */
        public VertexMetrics(long readRecords, long writeRecords, long readBytes, long writeBytes,
                double numRecordsInPerSecond, double numRecordsOutPerSecond, double busyTimeMsPerSecondMax,
                double backPressuredTimeMsPerSecondMax, double idleTimeMsPerSecondAvg, long pendingRecords,
                long currentFetchEventTimeLagMax, long currentEmitEventTimeLagMax, long numRecordsInErrors) {
            this(readRecords, writeRecords, readBytes, writeBytes, numRecordsInPerSecond, numRecordsOutPerSecond,
                    busyTimeMsPerSecondMax, backPressuredTimeMsPerSecondMax, idleTimeMsPerSecondAvg, pendingRecords,
                    currentFetchEventTimeLagMax, currentEmitEventTimeLagMax, numRecordsInErrors, TimeTotals.NONE);
        }
    }

    /** One subtask: where it runs and its state. */
    public record SubtaskView(int subtask, String executionId, String taskExecutorId, ExecutionState status, long startTime,
            TaskMetrics metrics) {
    }

    /**
     * One slot in the job's pool.
     *
     * @param state FREE (held, unused) or RESERVED (running tasks)
     * @param since when it entered that state (epoch millis)
     */
    public record HeldSlot(String allocationId, String taskExecutorId, int slotIndex, String state, long since) {
    }
}
