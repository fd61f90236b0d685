package io.ebbflow.jm.adaptive;

/** The user cancelled the job: its execution is cancelled, then the job is CANCELED. */
public final class Canceling<R> extends SchedulerState<R> {

    private final R run;

    public Canceling(SchedulerContext<R> context, R run) {
        super(context);
        this.run = run;
    }

    @Override
    public String jobStatus() {
        return "CANCELLING";
    }

    @Override
    public R execution() {
        return run;
    }

    @Override
    public void onEnter() {
        context.abortPendingCheckpoint("the job is cancelled");
        context.cancel(run);
        whenTerminated(run, () -> context.transitionTo(new Finished<>(context, "CANCELED", null)));
    }

    @Override
    public void cancel() {
        // already cancelling
    }
}
