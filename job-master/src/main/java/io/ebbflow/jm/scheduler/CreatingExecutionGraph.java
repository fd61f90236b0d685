package io.ebbflow.jm.adaptive;

import io.ebbflow.core.job.JobStatus;

import java.util.Map;
import java.util.Optional;

/**
 * Builds the execution for the parallelism the held slots allow (restoring the latest checkpoint) and
 * deploys it, off the event loop. Deployed → {@link Executing}; the planned slots gone →
 * {@link WaitingForResources}; fewer slots than the minimums, or the build failed → {@link Finished}
 * (FAILED).
 */
public final class CreatingExecutionGraph<R> extends SchedulerState<R> {

    private final SchedulerSettings settings;

    public CreatingExecutionGraph(SchedulerContext<R> context, SchedulerSettings settings) {
        super(context);
        this.settings = settings;
    }

    @Override
    public JobStatus jobStatus() {
        return JobStatus.CREATED;
    }

    @Override
    public void onEnter() {
        Optional<Map<String, Integer>> parallelism = context.parallelismFromHeldSlots();
        if (parallelism.isEmpty()) {
            context.transitionTo(new Finished<>(context, JobStatus.FAILED,
                    "not enough slots for the job's minimum parallelism within the resource-wait timeout"));
            return;
        }
        SchedulerState<R> self = this;
        context.createExecution(parallelism.get(), new SchedulerContext.Creation<>() {
            @Override
            public void deployed(R run) {
                if (context.isCurrent(self)) {
                    context.executionDeployed(context.parallelismOf(run));
                    context.transitionTo(new Executing<>(context, run, settings));
                } else {
                    context.cancel(run);
                }
            }

            @Override
            public void slotsGone(String why) {
                if (context.isCurrent(self)) {
                    context.transitionTo(new WaitingForResources<>(context, settings));
                }
            }

            @Override
            public void failed(Throwable cause) {
                if (context.isCurrent(self)) {
                    context.transitionTo(new Finished<>(context, JobStatus.FAILED, String.valueOf(cause.getMessage())));
                }
            }
        });
    }
}
