package io.ebbflow.jm.scheduler;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.jm.scheduler.StateTransitions.ToFailing;
import io.ebbflow.jm.scheduler.StateTransitions.ToRestarting;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A state that has an execution of the job: running ({@link Executing}, {@link StopWithSavepoint}) or being
 * cancelled ({@link Restarting}, {@link Failing}, {@link Canceling}).
 *
 * @param <R> a running execution of the job
 * @param <C> the state's context
 */
abstract class StateWithExecution<R, C extends StateWithExecution.Context<R>> extends SchedulerState<R, C> {

    /** What a state with an execution needs. */
    interface Context<R> extends StateContext<R> {
        /** The running parallelism of an execution, per vertex. */
        Map<String, Integer> parallelismOf(R run);

        /** Cancels the execution's subtasks that are still running. */
        void cancel(R run);

        /** Every subtask of the execution has ended, and its slots are free in the pool again. */
        boolean hasTerminated(R run);

        /**
         * Gives up on the execution's subtasks that never reported their end (their TaskExecutor does not answer):
         * they count as failed and their slots go back to the pool, so the next plan can use the slots.
         */
        void abandon(R run);
    }

    /** What a state whose execution may fail needs: the restart strategy's verdict and the way on. */
    interface FailureContext<R> extends Context<R>, ToRestarting<R>, ToFailing<R> {
        /** The job's tasks are going away: a pending checkpoint cannot complete. */
        void abortPendingCheckpoint(String reason);

        /** The restart strategy's verdict on a failure: the backoff, or empty if the job must fail. */
        Optional<Duration> restartBackoff(String cause);

        /**
         * A rescale or restart begins (for metrics and the rescale history).
         *
         * @param dueSince when it became due (a planned rescale waited for its checkpoint since then)
         */
        void restartBegins(boolean rescale, String cause, Map<String, Integer> before, long dueSince);
    }

    private static final Duration TERMINATION_POLL = Duration.ofMillis(50);
    private static final long TERMINATION_PATIENCE_MILLIS = 30_000;

    protected final R run;
    private Runnable terminationCheck;

    protected StateWithExecution(C context, R run, JobStatus jobStatus) {
        super(context, jobStatus);
        this.run = run;
    }

    @Override
    public R execution() {
        return run;
    }

    /** A subtask changed state: a pending wait for the execution's end checks again at once. */
    @Override
    public void onExecutionStateChange() {
        if (terminationCheck != null) {
            terminationCheck.run();
        } else {
            super.onExecutionStateChange();
        }
    }

    /**
     * A failure of the running execution: through the restart strategy to {@link Restarting} (not forced:
     * it waits for resources again), or, if the strategy allows no restart, to {@link Failing}.
     */
    protected static <R> void restartOrFail(FailureContext<R> context, R run, String cause) {
        context.abortPendingCheckpoint("the job failed");
        Optional<Duration> backoff = context.restartBackoff(cause);
        if (backoff.isPresent()) {
            context.restartBegins(false, cause, context.parallelismOf(run), context.now());
            context.goToRestarting(run, false, backoff.get());
        } else {
            context.goToFailing(run, cause);
        }
    }

    /**
     * Runs {@code then} once the execution has terminated (its slots free again), checking on every subtask
     * state change and every 50 ms; after 30 s it abandons the subtasks that never reported and goes on.
     */
    protected void whenTerminated(Runnable then) {
        long deadline = context.now() + TERMINATION_PATIENCE_MILLIS;
        boolean[] done = {false};
        Runnable check = new Runnable() {
            @Override
            public void run() {
                if (done[0]) {
                    return;
                }
                if (context.hasTerminated(run) || context.now() >= deadline) {
                    if (!context.hasTerminated(run)) {
                        context.abandon(run);
                    }
                    done[0] = true;
                    terminationCheck = null;
                    then.run();
                } else {
                    context.runIfState(StateWithExecution.this, TERMINATION_POLL, this);
                }
            }
        };
        terminationCheck = check;
        check.run();
    }
}
