package io.ebbflow.jm.scheduler;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.jm.scheduler.StateTransitions.ToCanceling;
import io.ebbflow.jm.scheduler.StateTransitions.ToExecuting;
import io.ebbflow.jm.scheduler.StateTransitions.ToFinished;

/**
 * A savepoint is being taken to stop the job: stored → the execution is cancelled and the job is
 * FINISHED; failed → back to {@link Executing}; a task failure meanwhile is handled as in Executing.
 */
public final class StopWithSavepoint<R> extends StateWithExecution<R, StopWithSavepoint.Context<R>> {

    /** Stopping with a savepoint ends the job, returns to executing, fails through the strategy, or is cancelled. */
    public interface Context<R> extends StateWithExecution.FailureContext<R>, ToExecuting<R>, ToFinished, ToCanceling<R> {
    }


    public StopWithSavepoint(Context<R> context, R run) {
        super(context, run, JobStatus.RUNNING);
    }

    @Override
    public R runningExecution() {
        return run;
    }

    @Override
    public void onStopSavepoint(String location, String failure) {
        if (location != null) {
            context.cancel(run);
            whenTerminated(() -> context.goToFinished(JobStatus.FINISHED, null));
        } else {
            context.goToExecuting(run);
        }
    }

    @Override
    public void onFailure(String cause) {
        restartOrFail(context, run, cause);
    }

    @Override
    public void cancel() {
        context.goToCanceling(run);
    }
}
