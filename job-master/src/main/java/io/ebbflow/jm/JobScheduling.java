package io.ebbflow.jm;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.time.Clock;
import io.ebbflow.jm.checkpoint.CheckpointCoordinator;
import io.ebbflow.jm.execution.ExceptionHistory;
import io.ebbflow.jm.execution.ExecutionDeployer;
import io.ebbflow.jm.execution.Executions;
import io.ebbflow.jm.execution.JobRun;
import io.ebbflow.jm.execution.RescaleHistory;
import io.ebbflow.jm.execution.RestartStrategy;
import io.ebbflow.jm.job.RunnableJob;
import io.ebbflow.jm.metrics.JobMetrics;
import io.ebbflow.jm.metrics.JobTimes;
import io.ebbflow.jm.scheduler.AdaptiveScheduler;
import io.ebbflow.jm.scheduler.CreatingExecutionGraph;
import io.ebbflow.jm.scheduler.SchedulerServices;
import io.ebbflow.jm.scheduler.SchedulerState;
import io.ebbflow.jm.slots.JobRequirements;
import io.ebbflow.jm.slots.SlotPoolService;
import io.ebbflow.jm.slots.SlotSharingAllocator;
import io.ebbflow.runtime.checkpoint.CompletedCheckpoint;
import io.ebbflow.runtime.graph.JobVertex;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the JobMaster's components give the {@link AdaptiveScheduler} of a job with a dataflow: slots from the
 * pool, executions from the deployer and the tracker, checkpoints from the coordinator (whose running job it
 * is in turn), and the bookkeeping of rescales and restarts. Confined to the JobMaster's event loop.
 */
final class JobScheduling implements SchedulerServices<JobRun>, CheckpointCoordinator.RunView {

    private static final Logger LOG = LoggerFactory.getLogger(JobScheduling.class);

    /** The components the scheduler acts through. */
    record Parts(SlotPoolService slots, JobRequirements requirements, Executions executions,
            RestartStrategy restartStrategy, RescaleHistory rescaleHistory, ExceptionHistory exceptions, JobTimes jobTimes,
            JobMetrics metrics) {
    }

    private final String jobId;
    private final long epoch;
    private final Clock clock;
    private final RunnableJob runnable;
    private final Parts parts;
    private final BiConsumer<JobStatus, String> jobEnded;
    private final BooleanSupplier ended;
    private CheckpointCoordinator checkpoints;
    private ExecutionDeployer deployer;
    private AdaptiveScheduler<JobRun> scheduler;
    /** A savepoint or retained checkpoint to start from, found at start-up (null: none). */
    private CompletedCheckpoint initialRestore;

    /**
     * @param ended whether the job has ended (then no checkpoint is taken)
     * @param jobEnded the job reached a terminal state, with its cause if it failed
     */
    JobScheduling(String jobId, long epoch, Clock clock, RunnableJob runnable, Parts parts, BooleanSupplier ended,
            BiConsumer<JobStatus, String> jobEnded) {
        this.jobId = jobId;
        this.epoch = epoch;
        this.clock = clock;
        this.runnable = runnable;
        this.parts = parts;
        this.jobEnded = jobEnded;
        this.ended = ended;
    }

    /** The parts that in turn depend on this one: the checkpoint coordinator (this is its view of the job) and the rest. */
    void wire(CheckpointCoordinator checkpointCoordinator, ExecutionDeployer executionDeployer,
            AdaptiveScheduler<JobRun> adaptiveScheduler) {
        this.checkpoints = checkpointCoordinator;
        this.deployer = executionDeployer;
        this.scheduler = adaptiveScheduler;
    }

    /** What the job starts from (a savepoint, or a checkpoint of an earlier JobMaster), or null. */
    void startFrom(CompletedCheckpoint checkpoint) {
        this.initialRestore = checkpoint;
    }

    // ---- resources

    @Override
    public boolean hasDesiredResources() {
        // Everything the job wants, or everything it is entitled to: a job that holds its whole fair share of the
        // cluster has all it can get (in reactive mode the target, max parallelism, is rarely reachable).
        return parts.slots().hasDesiredResources();
    }

    @Override
    public Optional<Map<String, Integer>> parallelismFromHeldSlots() {
        return SlotSharingAllocator.determineParallelism(parts.requirements().vertices(), parts.slots().pool().held());
    }

    // ---- executions

    @Override
    public void createExecution(Map<String, Integer> parallelism, CreatingExecutionGraph.Creation<JobRun> callback) {
        deployer.deploy(parallelism, initialRestore, callback);
    }

    @Override
    public Map<String, Integer> parallelismOf(JobRun run) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (JobVertex v : runnable.graph().vertices()) {
            out.put(v.id(), run.plan().parallelismOf(v.id()));
        }
        return out;
    }

    @Override
    public void cancel(JobRun run) {
        parts.executions().cancel(run);
    }

    @Override
    public boolean hasTerminated(JobRun run) {
        return parts.executions().hasTerminated(run);
    }

    @Override
    public void abandon(JobRun run) {
        parts.executions().abandon(run);
    }

    @Override
    public boolean hasFinished(JobRun run) {
        return parts.executions().hasFinished(run);
    }

    // ---- failures, checkpoints

    @Override
    public Optional<Duration> restartBackoff(String cause) {
        return parts.restartStrategy().onFailure(clock.millis());
    }

    @Override
    public boolean checkpointing() {
        return checkpoints.periodicEnabled();
    }

    @Override
    public void triggerCheckpointForRescale() {
        checkpoints.requestRescaleCheckpoint();
    }

    @Override
    public void withdrawCheckpointForRescale() {
        checkpoints.withdrawRescaleCheckpoint();
    }

    @Override
    public void abortPendingCheckpoint(String reason) {
        checkpoints.abortPending(reason);
    }

    // ---- bookkeeping

    @Override
    public void restartBegins(boolean rescale, String cause, Map<String, Integer> before, long dueSince) {
        parts.metrics().restartBegan(rescale);
        String firstLine = cause == null ? "" : cause.lines().findFirst().orElse("");
        long now = clock.millis();
        parts.rescaleHistory().begin(rescale, firstLine, before, dueSince, now);
        LOG.info("Job {} {} from {} ({}): {}", jobId, rescale ? "rescales" : "restarts in its restart strategy's backoff",
                checkpoints.latest().or(() -> Optional.ofNullable(initialRestore))
                        .map(c -> "checkpoint " + c.checkpointId())
                        .orElse(checkpoints.stateAtRisk() == null ? "the beginning"
                                : "no intact checkpoint (it fails unless one can be read)"),
                parts.restartStrategy().describe(), firstLine);
    }

    @Override
    public void executionDeployed(Map<String, Integer> parallelism) {
        parts.rescaleHistory().deployed(parallelism, clock.millis());
    }

    @Override
    public void transitioned(SchedulerState<JobRun, ?> previous, SchedulerState<JobRun, ?> next) {
        long now = clock.millis();
        parts.jobTimes().enter(next, now);
        // A rescale or restart in progress enters the phase of the scheduler's new state.
        if (next.isTerminal()) {
            parts.rescaleHistory().end(now);
        } else if (next.rescalePhase() != null) {
            parts.rescaleHistory().phase(next.rescalePhase(), now);
        }
    }

    @Override
    public void jobTerminated(JobStatus status, String cause) {
        if (cause != null && status == JobStatus.FAILED) {
            parts.exceptions().add(clock.millis(), cause);
        }
        jobEnded.accept(status, cause);
    }

    // ---- the checkpoint coordinator's view of the running job

    @Override
    public JobRun checkpointableRun() {
        JobRun r = scheduler == null ? null : scheduler.state().runningExecution();
        return r != null && !ended.getAsBoolean() && r.status() == JobRun.Status.RUNNING ? r : null;
    }

    @Override
    public void checkpointCompleted(boolean savepoint, boolean pausedSources) {
        if (savepoint || scheduler == null) {
            return;
        }
        scheduler.onCheckpointCompleted(pausedSources);
    }

    @Override
    public void checkpointFailed(boolean savepoint) {
        if (!savepoint && scheduler != null) {
            scheduler.onCheckpointFailed();
        }
    }

    @Override
    public long epoch() {
        return epoch;
    }
}
