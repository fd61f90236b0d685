package io.ebbflow.jm.adaptive;

import io.ebbflow.core.job.JobStatus;

import io.ebbflow.core.time.Cancellable;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the Adaptive Scheduler's states may do, implemented by the JobMaster. Everything is called on the
 * JobMaster's event loop; nothing here blocks (building and deploying an execution runs off the loop
 * and reports back through a callback).
 *
 * @param <R> a running execution of the job
 */
public interface SchedulerContext<R> {

    long now();

    /** Runs {@code action} after {@code delay} if {@code state} is still the current state then. */
    Cancellable runIfState(SchedulerState<R> state, Duration delay, Runnable action);

    /** Whether {@code state} is the current state. */
    boolean isCurrent(SchedulerState<R> state);

    /** Leaves the current state for {@code next}. */
    void transitionTo(SchedulerState<R> next);

    // ---- resources

    /** All slots the job holds (free and in use) cover its desired requirement. */
    boolean hasDesiredResources();

    /** The parallelism per vertex the slots the job holds allow (spec §3.8), or empty if fewer than the minimums. */
    Optional<Map<String, Integer>> parallelismFromHeldSlots();

    // ---- executions

    /** Outcome of {@link #createExecution}. */
    interface Creation<R> {
        void deployed(R run);

        /** Slots of the plan are gone or taken: wait for resources again. */
        void slotsGone(String why);

        void failed(Throwable cause);
    }

    /** Builds the execution plan for this parallelism (restoring the latest checkpoint) and deploys it. */
    void createExecution(Map<String, Integer> parallelism, Creation<R> callback);

    /** The running parallelism of an execution, per vertex. */
    Map<String, Integer> parallelismOf(R run);

    /** Cancels the execution's subtasks that are still running. */
    void cancel(R run);

    /** Every subtask of the execution has ended, and its slots are free in the pool again. */
    boolean hasTerminated(R run);

    /** Whether every subtask of the execution finished (a bounded job ended). */
    boolean hasFinished(R run);

    // ---- failures, checkpoints

    /** The restart strategy's verdict on a failure: the backoff, or empty if the job must fail. */
    Optional<Duration> restartBackoff(String cause);

    /** Whether the job takes checkpoints (then rescales wait for one, and trigger one themselves). */
    boolean checkpointing();

    /** Triggers a checkpoint now for a planned rescale, unless one is in progress (min-pause respected). */
    void triggerCheckpointForRescale();

    /** The job's tasks are going away: a pending checkpoint cannot complete. */
    void abortPendingCheckpoint(String reason);

    // ---- bookkeeping

    /** A rescale or restart begins (for metrics and the rescale history). */
    void restartBegins(boolean rescale, String cause, Map<String, Integer> before);

    /** An execution was deployed (ends a restart or rescale in the history). */
    void executionDeployed(Map<String, Integer> parallelism);

    /** The job reached a globally terminal state (FINISHED, CANCELED, FAILED). */
    void jobTerminated(JobStatus status, String cause);
}
