package io.ebbflow.jm.adaptive;

import io.ebbflow.core.job.JobStatus;

/** The job cannot restart (no strategy, or it is exhausted): its execution is cancelled, then the job is FAILED. */
public final class Failing<R> extends SchedulerState<R> {

    private final R run;
    private final String cause;

    public Failing(SchedulerContext<R> context, R run, String cause) {
        super(context);
        this.run = run;
        this.cause = cause;
    }

    @Override
    public JobStatus jobStatus() {
        return JobStatus.FAILING;
    }

    @Override
    public R execution() {
        return run;
    }

    @Override
    public void onEnter() {
        context.cancel(run);
        whenTerminated(run, () -> context.transitionTo(new Finished<>(context, JobStatus.FAILED, cause)));
    }

    @Override
    public void cancel() {
        context.transitionTo(new Canceling<>(context, run));
    }
}
