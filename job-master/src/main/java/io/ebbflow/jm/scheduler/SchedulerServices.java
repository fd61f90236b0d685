package io.ebbflow.jm.scheduler;

import io.ebbflow.core.job.JobStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the JobMaster gives its {@link AdaptiveScheduler}: the slots the job holds, executions, checkpoints,
 * the restart strategy and bookkeeping. The scheduler hands each state only the part its {@code Context}
 * names. Called on the JobMaster's event loop; nothing here blocks (building and deploying an execution runs
 * off the loop and reports back through the callback).
 *
 * @param <R> a running execution of the job
 */
public interface SchedulerServices<R> {

    // ---- resources

    /** All slots the job holds (free and in use) cover its desired requirement. */
    boolean hasDesiredResources();

    /** The parallelism per vertex the slots the job holds allow (spec §3.8), or empty if fewer than the minimums. */
    Optional<Map<String, Integer>> parallelismFromHeldSlots();

    // ---- executions

    /** Builds the execution plan for this parallelism (restoring the latest checkpoint) and deploys it. */
    void createExecution(Map<String, Integer> parallelism, CreatingExecutionGraph.Creation<R> callback);

    /** The running parallelism of an execution, per vertex. */
    Map<String, Integer> parallelismOf(R run);

    /** Cancels the execution's subtasks that are still running. */
    void cancel(R run);

    /** Every subtask of the execution has ended, and its slots are free in the pool again. */
    boolean hasTerminated(R run);

    /** Subtasks of the run that never reported their end count as failed; its slots are released. */
    void abandon(R run);

    /** Whether every subtask of the execution finished (a bounded job ended). */
    boolean hasFinished(R run);

    // ---- failures, checkpoints

    /** The restart strategy's verdict on a failure: the backoff, or empty if the job must fail. */
    Optional<Duration> restartBackoff(String cause);

    /** Whether the job takes checkpoints (then rescales wait for one, and trigger one themselves). */
    boolean checkpointing();

    /**
     * A planned rescale waits for a checkpoint at whose barrier the sources pause: taken as soon as the job runs
     * and the min-pause allows (after the one in progress, if its barrier is out). Asking again changes nothing.
     */
    void triggerCheckpointForRescale();

    /** No planned rescale waits for a checkpoint any more. */
    void withdrawCheckpointForRescale();

    /** The job's tasks are going away: a pending checkpoint cannot complete. */
    void abortPendingCheckpoint(String reason);

    // ---- bookkeeping

    /**
     * A rescale or restart begins (for metrics and the rescale history).
     *
     * @param dueSince when it became due (a planned rescale waited for its checkpoint since then)
     */
    void restartBegins(boolean rescale, String cause, Map<String, Integer> before, long dueSince);

    /** An execution was deployed (ends a restart or rescale in the history). */
    void executionDeployed(Map<String, Integer> parallelism);

    /** The scheduler entered {@code next} (from {@code previous}, null at first). */
    void transitioned(SchedulerState<R, ?> previous, SchedulerState<R, ?> next);

    /** The job reached a globally terminal state (FINISHED, CANCELED, FAILED). */
    void jobTerminated(JobStatus status, String cause);
}
