package io.ebbflow.jm.scheduler;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.jm.scheduler.StateTransitions.ToFinished;

/** The user cancelled the job: its execution is cancelled, then the job is CANCELED. */
public final class Canceling<R> extends StateWithExecution<R, Canceling.Context<R>> {

    /** Cancelling ends the job. */
    public interface Context<R> extends StateWithExecution.Context<R>, ToFinished {
        /** The job's tasks are going away: a pending checkpoint cannot complete. */
        void abortPendingCheckpoint(String reason);
    }


    public Canceling(Context<R> context, R run) {
        super(context, run, JobStatus.CANCELLING);
    }

    @Override
    public String rescalePhase() {
        return name();
    }

    @Override
    public void onEnter() {
        context.abortPendingCheckpoint("the job is cancelled");
        context.cancel(run);
        whenTerminated(() -> context.goToFinished(JobStatus.CANCELED, null));
    }

    @Override
    public void cancel() {
        context.ignored(this, "cancel (already cancelling)");
    }
}
