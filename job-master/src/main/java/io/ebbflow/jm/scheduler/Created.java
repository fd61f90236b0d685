package io.ebbflow.jm.adaptive;

import io.ebbflow.core.job.JobStatus;

/** The job was submitted; scheduling has not started. */
public final class Created<R> extends SchedulerState<R> {

    private final SchedulerSettings settings;

    public Created(SchedulerContext<R> context, SchedulerSettings settings) {
        super(context);
        this.settings = settings;
    }

    @Override
    public JobStatus jobStatus() {
        return JobStatus.INITIALIZING;
    }

    /** Starts scheduling: the job waits for its resources. */
    public void startScheduling() {
        context.transitionTo(new WaitingForResources<>(context, settings));
    }
}
