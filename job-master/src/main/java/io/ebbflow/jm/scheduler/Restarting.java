package io.ebbflow.jm.scheduler;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.jm.scheduler.StateTransitions.ToCanceling;
import io.ebbflow.jm.scheduler.StateTransitions.ToCreatingExecutionGraph;
import io.ebbflow.jm.scheduler.StateTransitions.ToWaitingForResources;
import java.time.Duration;

/**
 * The execution is cancelled; once all its subtasks have ended (so its slots are free again — the next
 * plan never counts slots still in use) and the backoff has passed, a rescale (forced) goes straight to
 * {@link CreatingExecutionGraph} and a failure restart to {@link WaitingForResources}. Failures meanwhile
 * are ignored.
 */
public final class Restarting<R> extends StateWithExecution<R, Restarting.Context<R>> {

    /** Restarting goes on to creating (a rescale) or waiting (a failure), or is cancelled. */
    public interface Context<R> extends StateWithExecution.Context<R>, ToCreatingExecutionGraph, ToWaitingForResources,
            ToCanceling<R> {
    }

    private final boolean forced;
    private final Duration backoff;

    public Restarting(Context<R> context, R run, boolean forced, Duration backoff) {
        super(context, run, JobStatus.RESTARTING);
        this.forced = forced;
        this.backoff = backoff;
    }

    /** Whether this restart is a rescale (not a failure). */
    public boolean isRescale() {
        return forced;
    }

    @Override
    public void onEnter() {
        context.cancel(run);
        context.runIfState(this, backoff, () -> whenTerminated(() -> {
            if (forced) {
                context.goToCreatingExecutionGraph();
            } else {
                context.goToWaitingForResources();
            }
        }));
    }

    @Override
    public void cancel() {
        context.goToCanceling(run);
    }
}
