package io.ebbflow.jm.scheduler;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.jm.scheduler.StateTransitions.ToCanceling;
import io.ebbflow.jm.scheduler.StateTransitions.ToFinished;

/** The job cannot restart (no strategy, or it is exhausted): its execution is cancelled, then the job is FAILED. */
public final class Failing<R> extends StateWithExecution<R, Failing.Context<R>> {

    /** Failing ends the job, or is cancelled. */
    public interface Context<R> extends StateWithExecution.Context<R>, ToFinished, ToCanceling<R> {
    }

    private final String cause;

    public Failing(Context<R> context, R run, String cause) {
        super(context, run, JobStatus.FAILING);
        this.cause = cause;
    }

    @Override
    public String rescalePhase() {
        return name();
    }

    @Override
    public void onEnter() {
        context.cancel(run);
        whenTerminated(() -> context.goToFinished(JobStatus.FAILED, cause));
    }

    @Override
    public void cancel() {
        context.goToCanceling(run);
    }
}
