package io.ebbflow.jm.scheduler;

import io.ebbflow.core.job.JobStatus;

/** The job reached a globally terminal state (FINISHED, CANCELED or FAILED). Terminal. */
public final class Finished<R> extends SchedulerState<R, Finished.Context<R>> {

    /** Finishing tells the JobMaster the job has ended. */
    public interface Context<R> extends StateContext<R> {
        /** The job reached a globally terminal state (FINISHED, CANCELED, FAILED). */
        void jobTerminated(JobStatus status, String cause);
    }

    private final String cause;

    public Finished(Context<R> context, JobStatus status, String cause) {
        super(context, status);
        this.cause = cause;
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    public String cause() {
        return cause;
    }

    @Override
    public void onEnter() {
        context.jobTerminated(jobStatus(), cause);
    }

    @Override
    public void cancel() {
        context.ignored(this, "cancel (the job has ended)");
    }
}
