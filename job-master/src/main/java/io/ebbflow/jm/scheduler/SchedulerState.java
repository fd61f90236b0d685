package io.ebbflow.jm.scheduler;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.time.Cancellable;
import java.time.Duration;

/**
 * One state of the Adaptive Scheduler (spec §3.1). An event a state does not handle goes to
 * {@link StateContext#ignored} (logged once at DEBUG, never acted on). States never transition from their
 * constructor; {@link #onEnter} runs once the state is current.
 *
 * @param <R> a running execution of the job
 * @param <C> the state's context
 */
public abstract class SchedulerState<R, C extends StateContext<R>> {

    /** What the state may do: its own {@code Context}. */
    protected final C context;
    private final JobStatus jobStatus;

    protected SchedulerState(C context, JobStatus jobStatus) {
        this.context = context;
        this.jobStatus = jobStatus;
    }

    /** The state's name as the REST API shows it ({@code WaitingForResources}, ...). */
    public String name() {
        return getClass().getSimpleName();
    }

    /** The job status Flink reports in this state. */
    public JobStatus jobStatus() {
        return jobStatus;
    }

    /** The running (or cancelling) execution, if the state has one. */
    public R execution() {
        return null;
    }

    /** The execution if it is running in this state (checkpoints can be taken, a lost TaskExecutor is a failure). */
    public R runningExecution() {
        return null;
    }

    /** The decision engine, if the state has one (for the dashboard). */
    public StateTransitionManager transitionManager() {
        return null;
    }

    /** The phase a rescale or restart in progress enters with this state (for its history), or null. */
    public String rescalePhase() {
        return null;
    }

    /** Whether the job has ended in this state. */
    public boolean isTerminal() {
        return false;
    }

    public void onEnter() {
    }

    public void onLeave() {
    }

    /** Scheduling starts (the job knows what it restores from). */
    public void startScheduling() {
        context.ignored(this, "start scheduling");
    }

    /** Slots were added to or removed from the job's pool. */
    public void onNewResources() {
        context.ignored(this, "new resources");
    }

    /** The job's requirements (vertex bounds) changed. */
    public void onNewRequirements() {
        context.ignored(this, "new requirements");
    }

    /** A subtask failed or a TaskExecutor running one was lost. */
    public void onFailure(String cause) {
        context.ignored(this, "failure");
    }

    /** A subtask of the current execution changed state (finished, cancelled, failed). */
    public void onExecutionStateChange() {
        context.ignored(this, "execution state change");
    }

    /**
     * A checkpoint completed.
     *
     * @param sourcesPaused it was a rescale's checkpoint: the sources read nothing after its barrier
     */
    public void onCheckpointCompleted(boolean sourcesPaused) {
        context.ignored(this, "checkpoint completed");
    }

    public void onCheckpointFailed() {
        context.ignored(this, "checkpoint failed");
    }

    /**
     * A TaskExecutor running the execution leaves cleanly: a planned rescale, not a failure (it uses no
     * restart attempt).
     */
    public void onResourcesLeaving(String why) {
        context.ignored(this, "resources leaving");
    }

    /** The user cancels the job. */
    public abstract void cancel();

    /** The user asks to stop the job with a savepoint: whether this state can (only a running job can). */
    public boolean stopWithSavepoint() {
        return false;
    }

    /** A stop-with-savepoint's savepoint completed ({@code location}) or failed (null). */
    public void onStopSavepoint(String location, String failure) {
        context.ignored(this, "stop-with-savepoint outcome");
    }

    // ---- for a state's decision engine (StateTransitionManager.Context): its time and timers are the state's

    public long now() {
        return context.now();
    }

    public Cancellable schedule(Duration delay, Runnable action) {
        return context.runIfState(this, delay, action);
    }
}
