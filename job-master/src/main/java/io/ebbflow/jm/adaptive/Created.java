package io.ebbflow.jm.adaptive;

/** The job was submitted; scheduling has not started. */
public final class Created<R> extends SchedulerState<R> {

    private final SchedulerSettings settings;

    public Created(SchedulerContext<R> context, SchedulerSettings settings) {
        super(context);
        this.settings = settings;
    }

    @Override
    public String jobStatus() {
        return "INITIALIZING";
    }

    /** Starts scheduling: the job waits for its resources. */
    public void startScheduling() {
        context.transitionTo(new WaitingForResources<>(context, settings));
    }
}
