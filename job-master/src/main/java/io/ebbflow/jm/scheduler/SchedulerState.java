package io.ebbflow.jm.adaptive;

import io.ebbflow.core.job.JobStatus;

/**
 * One state of the Adaptive Scheduler (spec §3.1). Events that a state does not handle are ignored.
 * States never transition from their constructor; {@link #onEnter} runs once the state is current.
 *
 * @param <R> a running execution of the job
 */
public abstract class SchedulerState<R> {

    protected final SchedulerContext<R> context;

    protected SchedulerState(SchedulerContext<R> context) {
        this.context = context;
    }

    /** The state's name as the REST API shows it ({@code WaitingForResources}, ...). */
    public String name() {
        return getClass().getSimpleName();
    }

    /** The job status Flink reports in this state. */
    public abstract JobStatus jobStatus();

    /** The running (or cancelling) execution, if the state has one. */
    public R execution() {
        return null;
    }

    /** The decision engine, if the state has one (for the dashboard). */
    public StateTransitionManager transitionManager() {
        return null;
    }

    public void onEnter() {
    }

    public void onLeave() {
    }

    /** Slots were added to or removed from the job's pool. */
    public void onNewResources() {
    }

    /** The job's requirements (vertex bounds) changed. */
    public void onNewRequirements() {
    }

    /** A subtask failed or a TaskExecutor running one was lost. */
    public void onFailure(String cause) {
    }

    /** A subtask of the current execution changed state (finished, cancelled, failed). */
    public void onExecutionStateChange() {
        if (terminationCheck != null) {
            terminationCheck.run();
        }
    }

    private Runnable terminationCheck;

    /**
     * A checkpoint completed.
     *
     * @param sourcesPaused it was a rescale's checkpoint: the sources read nothing after its barrier
     */
    public void onCheckpointCompleted(boolean sourcesPaused) {
    }

    public void onCheckpointFailed() {
    }

    /** The user cancels the job. */
    public void cancel() {
        context.transitionTo(new Finished<>(context, JobStatus.CANCELED, null));
    }

    /**
     * A TaskExecutor running the execution leaves cleanly: a planned rescale, not a failure (it uses no
     * restart attempt).
     */
    public void onResourcesLeaving(String why) {
    }

    /**
     * A failure of the running execution: through the restart strategy to {@link Restarting} (not forced:
     * it waits for resources again), or, if the strategy allows no restart, to {@link Failing}.
     */
    protected void restartOrFail(R run, String cause, SchedulerSettings settings) {
        context.abortPendingCheckpoint("the job failed");
        java.util.Optional<java.time.Duration> backoff = context.restartBackoff(cause);
        if (backoff.isPresent()) {
            context.restartBegins(false, cause, context.parallelismOf(run));
            context.transitionTo(new Restarting<>(context, run, false, backoff.get(), settings));
        } else {
            context.transitionTo(new Failing<>(context, run, cause));
        }
    }

    /**
     * Runs {@code then} once the execution has terminated (its slots free again), checking on every subtask
     * state change and every 50 ms; after 30 s it goes on regardless.
     */
    protected void whenTerminated(R run, Runnable then) {
        long deadline = context.now() + 30_000;
        boolean[] done = {false};
        Runnable check = new Runnable() {
            @Override
            public void run() {
                if (done[0]) {
                    return;
                }
                if (context.hasTerminated(run) || context.now() >= deadline) {
                    done[0] = true;
                    terminationCheck = null;
                    then.run();
                } else {
                    context.runIfState(SchedulerState.this, java.time.Duration.ofMillis(50), this);
                }
            }
        };
        terminationCheck = check; // also checked at once on every subtask state change
        check.run();
    }

    /** A stop-with-savepoint's savepoint completed ({@code location}) or failed (null). */
    public void onStopSavepoint(String location, String failure) {
    }
}
