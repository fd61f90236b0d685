package io.ebbflow.jm.scheduler;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.jm.scheduler.StateTransitions.ToFinished;
import io.ebbflow.jm.scheduler.StateTransitions.ToWaitingForResources;

/** The job was submitted; scheduling has not started (it waits to know what it restores from). */
public final class Created<R> extends SchedulerState<R, Created.Context<R>> {

    /** Created may start waiting for resources, or end (cancelled). */
    public interface Context<R> extends StateContext<R>, ToWaitingForResources, ToFinished {
    }


    public Created(Context<R> context) {
        super(context, JobStatus.INITIALIZING);
    }

    /** Starts scheduling: the job waits for its resources. */
    @Override
    public void startScheduling() {
        context.goToWaitingForResources();
    }

    @Override
    public void cancel() {
        context.goToFinished(JobStatus.CANCELED, null);
    }
}
