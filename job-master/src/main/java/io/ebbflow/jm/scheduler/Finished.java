package io.ebbflow.jm.adaptive;

import io.ebbflow.core.job.JobStatus;

/** The job reached a globally terminal state (FINISHED, CANCELED or FAILED). Terminal. */
public final class Finished<R> extends SchedulerState<R> {

    private final JobStatus status;
    private final String cause;

    public Finished(SchedulerContext<R> context, JobStatus status, String cause) {
        super(context);
        this.status = status;
        this.cause = cause;
    }

    @Override
    public JobStatus jobStatus() {
        return status;
    }

    public String cause() {
        return cause;
    }

    @Override
    public void onEnter() {
        context.jobTerminated(status, cause);
    }

    @Override
    public void cancel() {
        // terminal
    }
}
