package io.ebbflow.jm.adaptive;

import io.ebbflow.core.job.JobStatus;

/**
 * A savepoint is being taken to stop the job: stored → the execution is cancelled and the job is
 * FINISHED; failed → back to {@link Executing}; a task failure meanwhile is handled as in Executing.
 */
public final class StopWithSavepoint<R> extends SchedulerState<R> {

    private final R run;
    private final SchedulerSettings settings;

    public StopWithSavepoint(SchedulerContext<R> context, R run, SchedulerSettings settings) {
        super(context);
        this.run = run;
        this.settings = settings;
    }

    @Override
    public JobStatus jobStatus() {
        return JobStatus.RUNNING;
    }

    @Override
    public R execution() {
        return run;
    }

    @Override
    public void onStopSavepoint(String location, String failure) {
        if (location != null) {
            context.cancel(run);
            whenTerminated(run, () -> context.transitionTo(new Finished<>(context, JobStatus.FINISHED, null)));
        } else {
            context.transitionTo(new Executing<>(context, run, settings));
        }
    }

    @Override
    public void onFailure(String cause) {
        restartOrFail(run, cause, settings);
    }

    @Override
    public void cancel() {
        context.transitionTo(new Canceling<>(context, run));
    }
}
