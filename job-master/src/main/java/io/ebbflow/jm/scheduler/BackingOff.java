package io.ebbflow.jm.scheduler;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.jm.scheduler.StateTransitions.ToFinished;
import io.ebbflow.jm.scheduler.StateTransitions.ToWaitingForResources;
import java.time.Duration;

/**
 * The execution could not be built for a reason that may pass (a source's external system did not answer while
 * its splits were created), and the restart strategy allows another attempt: after its backoff the job waits for
 * resources again. There is no execution to cancel. Ebbflow's own state: Flink fails such a job in
 * CreatingExecutionGraph, but reaches the same outcome for a Kafka source because its enumerator fails at run time
 * and that failure goes through the restart strategy.
 */
public final class BackingOff<R> extends SchedulerState<R, BackingOff.Context<R>> {

    /** Backing off goes on to waiting for resources, or ends cancelled. */
    public interface Context<R> extends StateContext<R>, ToWaitingForResources, ToFinished {
    }

    private final Duration backoff;

    public BackingOff(Context<R> context, Duration backoff) {
        super(context, JobStatus.RESTARTING);
        this.backoff = backoff;
    }

    @Override
    public String rescalePhase() {
        return "backoff";
    }

    @Override
    public void onEnter() {
        context.runIfState(this, backoff, context::goToWaitingForResources);
    }

    @Override
    public void cancel() {
        context.goToFinished(JobStatus.CANCELED, null);
    }
}
