package io.ebbflow.jm.adaptive;

import io.ebbflow.core.job.JobStatus;

import java.time.Duration;

/**
 * The execution is cancelled; once all its subtasks have ended (so its slots are free again — the next
 * plan never counts slots still in use) and the backoff has passed, a rescale (forced) goes straight to
 * {@link CreatingExecutionGraph} and a failure restart to {@link WaitingForResources}. Failures meanwhile
 * are ignored.
 */
public final class Restarting<R> extends SchedulerState<R> {

    private final R run;
    private final boolean forced;
    private final Duration backoff;
    private final SchedulerSettings settings;

    public Restarting(SchedulerContext<R> context, R run, boolean forced, Duration backoff, SchedulerSettings settings) {
        super(context);
        this.run = run;
        this.forced = forced;
        this.backoff = backoff;
        this.settings = settings;
    }

    @Override
    public JobStatus jobStatus() {
        return JobStatus.RESTARTING;
    }

    @Override
    public R execution() {
        return run;
    }

    /** Whether this restart is a rescale (not a failure). */
    public boolean isRescale() {
        return forced;
    }

    @Override
    public void onEnter() {
        context.cancel(run);
        context.runIfState(this, backoff, () -> whenTerminated(run, () -> context.transitionTo(forced
                ? new CreatingExecutionGraph<>(context, settings) : new WaitingForResources<>(context, settings))));
    }

    @Override
    public void cancel() {
        context.transitionTo(new Canceling<>(context, run));
    }
}
