package io.ebbflow.jm.scheduler;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.jm.scheduler.StateTransitions.ToExecuting;
import io.ebbflow.jm.scheduler.StateTransitions.ToFinished;
import io.ebbflow.jm.scheduler.StateTransitions.ToWaitingForResources;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the execution for the parallelism the held slots allow (restoring the latest checkpoint) and
 * deploys it, off the event loop. Deployed → {@link Executing}; the planned slots gone →
 * {@link WaitingForResources}; fewer slots than the minimums, or the build failed → {@link Finished}
 * (FAILED).
 */
public final class CreatingExecutionGraph<R> extends SchedulerState<R, CreatingExecutionGraph.Context<R>> {

    /** Outcome of {@link Context#createExecution}, reported on the event loop. */
    public interface Creation<R> {
        void deployed(R run);

        /** Slots of the plan are gone or taken: wait for resources again. */
        void slotsGone(String why);

        void failed(Throwable cause);
    }

    /** What creating an execution needs. */
    public interface Context<R> extends StateContext<R>, ToExecuting<R>, ToWaitingForResources, ToFinished {
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
            public void failed(Throwable cause) {
                if (context.isCurrent(self)) {
                    context.goToFinished(JobStatus.FAILED, String.valueOf(cause.getMessage()));
                }
            }
        });
    }

    @Override
    public void cancel() {
        context.goToFinished(JobStatus.CANCELED, null);
    }
}
