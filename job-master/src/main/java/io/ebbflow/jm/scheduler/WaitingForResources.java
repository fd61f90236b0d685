package io.ebbflow.jm.scheduler;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.jm.scheduler.StateTransitions.ToCreatingExecutionGraph;
import io.ebbflow.jm.scheduler.StateTransitions.ToFinished;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The job has no execution and waits for slots: it moves on as soon as it holds its desired slots, or,
 * holding at least its minimums, after the stabilization timeout; after the resource-wait timeout it
 * tries regardless (spec §3.2, §3.3).
 */
public final class WaitingForResources<R> extends SchedulerState<R, WaitingForResources.Context<R>> implements StateTransitionManager.Context {

    /** What waiting needs: the slots the job holds, and the way on. */
    public interface Context<R> extends StateContext<R>, ToCreatingExecutionGraph, ToFinished {
        /** All slots the job holds (free and in use) cover its desired requirement. */
        boolean hasDesiredResources();

        /** The parallelism per vertex the slots the job holds allow (spec §3.8), or empty if fewer than the minimums. */
        Optional<Map<String, Integer>> parallelismFromHeldSlots();
    }

    private final SchedulerSettings settings;
    private StateTransitionManager stm;

    public WaitingForResources(Context<R> context, SchedulerSettings settings) {
        super(context, JobStatus.CREATED);
        this.settings = settings;
    }

    @Override
    public StateTransitionManager transitionManager() {
        return stm;
    }

    @Override
    public String rescalePhase() {
        return "waiting for resources";
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

    @Override
    public void cancel() {
        context.goToFinished(JobStatus.CANCELED, null);
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
        context.goToCreatingExecutionGraph();
    }
}
