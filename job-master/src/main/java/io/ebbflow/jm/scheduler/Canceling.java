package io.ebbflow.jm.adaptive;

import io.ebbflow.core.job.JobStatus;

/** The user cancelled the job: its execution is cancelled, then the job is CANCELED. */
public final class Canceling<R> extends SchedulerState<R> {

    private final R run;

    public Canceling(SchedulerContext<R> context, R run) {
        super(context);
        this.run = run;
    }

    @Override
    public JobStatus jobStatus() {
        return JobStatus.CANCELLING;
    }

    @Override
    public R execution() {
        return run;
    }

    @Override
    public void onEnter() {
        context.abortPendingCheckpoint("the job is cancelled");
        context.cancel(run);
        whenTerminated(run, () -> context.transitionTo(new Finished<>(context, JobStatus.CANCELED, null)));
    }

    @Override
    public void cancel() {
        // already cancelling
    }
}
