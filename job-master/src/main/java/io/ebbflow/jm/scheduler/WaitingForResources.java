package io.ebbflow.jm.adaptive;

import io.ebbflow.core.job.JobStatus;

import java.time.Duration;

/**
 * The job has no execution and waits for slots: it moves on as soon as it holds its desired slots, or,
 * holding at least its minimums, after the stabilization timeout; after the resource-wait timeout it
 * tries regardless (spec §3.2, §3.3).
 */
public final class WaitingForResources<R> extends StateWithEngine<R> {

    private final SchedulerSettings settings;
    private StateTransitionManager stm;

    public WaitingForResources(SchedulerContext<R> context, SchedulerSettings settings) {
        super(context);
        this.settings = settings;
    }

    @Override
    public JobStatus jobStatus() {
        return JobStatus.CREATED;
    }

    @Override
    public StateTransitionManager transitionManager() {
        return stm;
    }

    @Override
    public void onEnter() {
        stm = new StateTransitionManager(this, Duration.ZERO, settings.submissionStabilization(), Duration.ZERO,
                context.now());
        if (!settings.resourceWait().isNegative()) {
            context.runIfState(this, settings.resourceWait(), this::transitionToSubsequentState);
        }
        onNewResources();
    }

    @Override
    public void onNewResources() {
        if (stm != null) {
            stm.onChange();
            stm.onTrigger();
        }
    }

    @Override
    public void onNewRequirements() {
        onNewResources();
    }

    // ---- the engine's context

    @Override
    public boolean hasDesiredResources() {
        return context.hasDesiredResources();
    }

    @Override
    public boolean hasSufficientResources() {
        return context.parallelismFromHeldSlots().isPresent();
    }

    @Override
    public void transitionToSubsequentState() {
        context.transitionTo(new CreatingExecutionGraph<>(context, settings));
    }
}
