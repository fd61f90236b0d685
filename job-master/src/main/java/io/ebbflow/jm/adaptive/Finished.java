package io.ebbflow.jm.adaptive;

/** The job reached a globally terminal state (FINISHED, CANCELED or FAILED). Terminal. */
public final class Finished<R> extends SchedulerState<R> {

    private final String status;
    private final String cause;

    public Finished(SchedulerContext<R> context, String status, String cause) {
        super(context);
        this.status = status;
        this.cause = cause;
    }

    @Override
    public String jobStatus() {
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
