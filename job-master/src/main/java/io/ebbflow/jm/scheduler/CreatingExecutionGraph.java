package io.ebbflow.jm.scheduler;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.jm.scheduler.StateTransitions.ToBackingOff;
import io.ebbflow.jm.scheduler.StateTransitions.ToExecuting;
import io.ebbflow.jm.scheduler.StateTransitions.ToFinished;
import io.ebbflow.jm.scheduler.StateTransitions.ToWaitingForResources;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the execution for the parallelism the held slots allow (restoring the latest checkpoint) and
 * deploys it, off the event loop. Deployed → {@link Executing}; the planned slots gone →
 * {@link WaitingForResources}; the build failed for a reason that may pass (a source's external system) and the
 * restart strategy allows another attempt → {@link BackingOff}; fewer slots than the minimums, or the build failed
 * otherwise → {@link Finished} (FAILED).
 */
public final class CreatingExecutionGraph<R> extends SchedulerState<R, CreatingExecutionGraph.Context<R>> {

    /** Outcome of {@link Context#createExecution}, reported on the event loop. */
    public interface Creation<R> {
        void deployed(R run);

        /** Slots of the plan are gone or taken: wait for resources again. */
        void slotsGone(String why);

        /**
         * The build failed; {@code mayPass}: for a reason outside the job that may pass (a source's external system
         * did not answer), so the restart strategy decides; otherwise the job fails.
         */
        void failed(Throwable cause, boolean mayPass);
    }

    /** What creating an execution needs. */
    public interface Context<R> extends StateContext<R>, ToExecuting<R>, ToWaitingForResources, ToBackingOff,
            ToFinished {
        /** The parallelism per vertex the slots the job holds allow, or empty if fewer than the minimums. */
        Optional<Map<String, Integer>> parallelismFromHeldSlots();

        /** Builds the execution plan for this parallelism (restoring the latest checkpoint) and deploys it. */
        void createExecution(Map<String, Integer> parallelism, Creation<R> callback);

        /** The running parallelism of an execution, per vertex. */
        Map<String, Integer> parallelismOf(R run);

        /** Cancels an execution deployed after this state was left. */
        void cancel(R run);

        /** An execution was deployed (ends a restart or rescale in the history). */
        void executionDeployed(Map<String, Integer> parallelism);

        /** The restart strategy's verdict on a failure: the backoff, or empty if the job must fail. */
        Optional<Duration> restartBackoff(String cause);

        /** A restart begins (for metrics and the rescale history); see {@link StateWithExecution.FailureContext}. */
        void restartBegins(boolean rescale, String cause, Map<String, Integer> before, long dueSince);
    }


    public CreatingExecutionGraph(Context<R> context) {
        super(context, JobStatus.CREATED);
    }

    @Override
    public String rescalePhase() {
        return "plan";
    }

    @Override
    public void onEnter() {
        Optional<Map<String, Integer>> parallelism = context.parallelismFromHeldSlots();
        if (parallelism.isEmpty()) {
            context.goToFinished(JobStatus.FAILED,
                    "not enough slots for the job's minimum parallelism within the resource-wait timeout");
            return;
        }
        SchedulerState<R, ?> self = this;
        context.createExecution(parallelism.get(), new Creation<>() {
            @Override
            public void deployed(R run) {
                if (context.isCurrent(self)) {
                    context.executionDeployed(context.parallelismOf(run));
                    context.goToExecuting(run);
                } else {
                    context.cancel(run);
                }
            }

            @Override
            public void slotsGone(String why) {
                if (context.isCurrent(self)) {
                    context.goToWaitingForResources();
                }
            }

            @Override
            public void failed(Throwable cause, boolean mayPass) {
                if (!context.isCurrent(self)) {
                    return;
                }
                String why = String.valueOf(cause.getMessage());
                Optional<Duration> backoff = mayPass ? context.restartBackoff(why) : Optional.empty();
                if (backoff.isPresent()) {
                    context.restartBegins(false, why, parallelism.get(), context.now());
                    context.goToBackingOff(backoff.get());
                } else {
                    context.goToFinished(JobStatus.FAILED, why);
                }
            }
        });
    }

    @Override
    public void cancel() {
        context.goToFinished(JobStatus.CANCELED, null);
    }
}
