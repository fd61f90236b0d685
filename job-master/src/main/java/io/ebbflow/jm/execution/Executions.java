package io.ebbflow.jm.execution;

import io.ebbflow.core.job.ExecutionState;
import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.JobMasterMessages.ConfirmDeployment;
import io.ebbflow.core.protocol.JobMasterMessages.ExceptionView;
import io.ebbflow.core.protocol.JobMasterMessages.TaskMetricsReport;
import io.ebbflow.core.protocol.JobMasterMessages.TaskStateUpdate;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.TaskExecutorGateway;
import io.ebbflow.core.protocol.TaskExecutorMessages.CancelTask;
import io.ebbflow.core.time.Clock;
import io.ebbflow.jm.scheduler.AdaptiveScheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's executions as the JobMaster tracks them: every run not yet ended (the current one, and older ones
 * whose subtasks are still being cancelled), their subtasks' states and metrics, failures (recorded in the
 * {@link ExceptionHistory} and handed to the scheduler), TaskExecutors that leave cleanly or are lost, and
 * the job's accumulators. Confined to the JobMaster's event loop.
 */
public final class Executions {

    private static final Logger LOG = LoggerFactory.getLogger(Executions.class);

    /** What the executions tell the rest of the JobMaster. */
    public interface Listener {
        /** A run's subtasks all ended: its slots are free again. */
        void runEnded(JobRun run);

        /** The current run started running (every subtask reported). */
        void runRunning(JobRun run);

        /** The current run failed on state that cannot be read: the checkpoint it restored is not to be used again. */
        void corruptCheckpoint(long checkpointId, String cause);
    }

    private final String jobId;
    private final LongSupplier epoch;
    private final Clock clock;
    private final TaskExecutorGateway taskExecutors;
    private final ExceptionHistory exceptions;
    private final Listener listener;
    private AdaptiveScheduler<JobRun> scheduler;
    private final List<JobRun> liveRuns = new ArrayList<>();
    private final Set<String> leavingTaskExecutors = new HashSet<>();
    /** Cluster node of each TaskExecutor that left cleanly while running subtasks, until its process is gone. */
    private final Map<String, String> departedNodes = new HashMap<>();
    /** The latest execution that ended: its sources tell how many records a restart reads again. */
    private JobRun lastEnded;
    private long restoredCheckpointOfRun = -1;
    private Map<String, Long> lastAccumulators = Map.of();

    public Executions(String jobId, LongSupplier epoch, Clock clock, TaskExecutorGateway taskExecutors,
            ExceptionHistory exceptions, Listener listener) {
        this.jobId = jobId;
        this.epoch = epoch;
        this.clock = clock;
        this.taskExecutors = taskExecutors;
        this.exceptions = exceptions;
        this.listener = listener;
    }

    /** The scheduler that decides on failures and state changes (none for a job without a dataflow). */
    public void attach(AdaptiveScheduler<JobRun> adaptiveScheduler) {
        this.scheduler = adaptiveScheduler;
    }

    /** The current execution (running, or being cancelled), if any. */
    public JobRun current() {
        return scheduler == null ? null : scheduler.state().execution();
    }

    /** The current execution if it runs (not while it is being cancelled). */
    public JobRun running() {
        return scheduler == null ? null : scheduler.state().runningExecution();
    }

    /**
     * A new execution was deployed, restoring checkpoint {@code restoredCheckpoint} (-1: none).
     *
     * @return what the sources of the execution that ended before it read again, from where this one resumes
     */
    public Optional<JobRun.ReadAgain> deployed(JobRun run, long restoredCheckpoint) {
        liveRuns.add(run);
        restoredCheckpointOfRun = restoredCheckpoint;
        return lastEnded == null ? Optional.empty() : Optional.of(lastEnded.readAfter(Math.max(0, restoredCheckpoint)));
    }

    public Ack taskState(TaskStateUpdate update) {
        JobRun current = current();
        boolean known = false;
        for (JobRun r : new ArrayList<>(liveRuns)) {
            Optional<JobRun.Status> changed = r.onTaskState(update.executionId(), update.state(),
                    update.taskExecutorId(), update.failureCause(), update.readAfterCheckpoints(), update.accumulators(), clock.millis());
            known |= r.subtasks().stream().anyMatch(s -> s.plan().executionId().equals(update.executionId()));
            if (r == current && changed.isPresent() && changed.get() == JobRun.Status.FAILED) {
                onRunFailure(r);
            }
            if (r == current && changed.isPresent() && changed.get() == JobRun.Status.RUNNING) {
                listener.runRunning(r);
            }
        }
        if (!known && liveRuns.isEmpty()) {
            throw ProtocolException.notFound("job " + jobId + " has no running execution");
        }
        if (scheduler != null) {
            scheduler.onExecutionStateChange();
        }
        return Ack.INSTANCE;
    }

    /** A TaskExecutor asks before a deployed subtask's code runs whether it is still wanted ({@link DeploymentFence}). */
    public Ack confirmDeployment(ConfirmDeployment request) {
        DeploymentFence.Verdict verdict = DeploymentFence.decide(jobId, epoch.getAsLong(), running(), liveRuns, request);
        if (verdict.confirmed()) {
            return Ack.INSTANCE;
        }
        LOG.info("Job {}: refused to let {} start {}: {}", jobId, request.taskExecutorId(), request.executionId(),
                verdict.reason());
        if (verdict.countAsCancelled()) {
            taskState(new TaskStateUpdate(request.taskExecutorId(), request.executionId(), ExecutionState.CANCELED, null,
                    Map.of()));
        }
        throw ProtocolException.conflict(verdict.reason());
    }

    public Ack taskMetrics(TaskMetricsReport report) {
        for (JobRun r : liveRuns) {
            report.tasks().forEach(r::onMetrics);
        }
        return Ack.INSTANCE;
    }

    /** The execution fails for a reason outside its subtasks (a lost TaskExecutor, a deployment error). */
    public void failRun(JobRun r, String taskName, String taskExecutorId, String cause) {
        if (r != null && r.fail(taskName, taskExecutorId, cause, clock.millis()) && r == current()) {
            onRunFailure(r);
        }
    }

    /** The current execution failed: the failure is recorded and the scheduler's state decides. */
    private void onRunFailure(JobRun failed) {
        failed.failure().ifPresent(f -> {
            LOG.error("Job {}: {} on TaskExecutor {} failed with\n{}", jobId, f.taskName(), f.taskExecutorId(), f.cause());
            exceptions.add(new ExceptionView(f.timestamp(), f.taskName(), f.taskExecutorId(), f.cause()));
            if (FailureCauses.isCorruptState(f.cause()) && restoredCheckpointOfRun > 0) {
                listener.corruptCheckpoint(restoredCheckpointOfRun, f.cause());
            }
        });
        scheduler.onFailure(failed.failure().map(JobRun.Failure::cause).orElse("unknown failure"));
    }

    /** Cancels the execution: every subtask still running is told to stop. */
    public void cancel(JobRun r) {
        r.cancel();
        for (JobRun.Subtask s : r.subtasks()) {
            if (!s.terminal()) {
                taskExecutors.cancelTask(s.plan().location().taskExecutorId(),
                        new CancelTask(jobId, epoch.getAsLong(), s.plan().executionId()))
                        .onFailure(e -> LOG.debug("Cancelling {} failed: {}", s.plan().executionId(), e.toString()));
            }
        }
    }

    /**
     * Gives up on the run's subtasks that never reported their end: they count as failed (as if their
     * TaskExecutor were lost), so the run ends and its slots are released.
     */
    public void abandon(JobRun r) {
        List<String> silent = r.abandon(clock.millis());
        if (!silent.isEmpty()) {
            LOG.warn("Job {}: subtasks {} never reported their end after being cancelled; they count as failed and "
                    + "their slots are released", jobId, silent);
        }
        hasTerminated(r);
    }

    /** Whether every subtask of the run has ended; the first time it has, its slots are released. */
    public boolean hasTerminated(JobRun r) {
        boolean done = r.subtasks().stream().allMatch(JobRun.Subtask::terminal);
        if (done && liveRuns.remove(r)) {
            lastEnded = r;
            Map<String, Long> sum = r.accumulators();
            if (sum != null && !sum.isEmpty()) {
                lastAccumulators = sum; // shown until the next run reports
            }
            listener.runEnded(r);
        }
        return done;
    }

    public boolean hasFinished(JobRun r) {
        return r.subtasks().stream().allMatch(x -> x.state() == io.ebbflow.core.job.ExecutionState.FINISHED);
    }

    /**
     * A TaskExecutor running the current execution leaves cleanly: a planned rescale, not a failure. Its subtasks
     * keep running until the rescale's checkpoint is taken.
     *
     * @param nodeId the TaskExecutor's cluster node, if it holds the job's slots
     */
    public void taskExecutorLeaving(String taskExecutorId, Optional<String> nodeId, String reason) {
        JobRun r = current();
        if (r != null && !r.isTerminal() && !r.on(taskExecutorId).isEmpty()) {
            leavingTaskExecutors.add(taskExecutorId);
            nodeId.ifPresent(n -> departedNodes.put(n, taskExecutorId));
            scheduler.onResourcesLeaving(taskExecutorId + " (" + reason + ")");
        }
    }

    /** A TaskExecutor is gone: unless it left cleanly, the running execution on it fails, its subtasks count as ended. */
    public void taskExecutorRemoved(String taskExecutorId, String why) {
        JobRun r = current();
        boolean leaving = leavingTaskExecutors.remove(taskExecutorId);
        if (!leaving && r != null && r == running() && !r.isTerminal() && !r.on(taskExecutorId).isEmpty()) {
            failRun(r, r.on(taskExecutorId).get(0).plan().spec().taskName(), taskExecutorId,
                    "TaskExecutor " + taskExecutorId + " was lost: " + why);
        }
        if (!leaving) {
            // Subtasks on a TaskExecutor that is gone will never report: they count as ended.
            liveRuns.forEach(x -> x.lost(taskExecutorId, clock.millis()));
        }
    }

    /** A cluster node left: a TaskExecutor that had left cleanly there is now gone for good. */
    public void nodeLeft(String nodeId) {
        String departed = departedNodes.remove(nodeId);
        if (departed != null) {
            // Its process is gone: subtasks it still ran will never report.
            liveRuns.forEach(x -> x.lost(departed, clock.millis()));
            if (scheduler != null) {
                scheduler.onExecutionStateChange();
            }
        }
    }

    /** The job's accumulators: the latest reports of the current run's subtasks, summed. */
    public Map<String, Long> accumulators() {
        JobRun run = current();
        if (run == null) {
            return lastAccumulators;
        }
        Map<String, Long> sum = run.accumulators();
        return sum != null ? sum : lastAccumulators;
    }
}
