package io.ebbflow.jm.scheduler;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.jm.scheduler.StateTransitions.ToCanceling;
import io.ebbflow.jm.scheduler.StateTransitions.ToFinished;
import io.ebbflow.jm.scheduler.StateTransitions.ToStopWithSavepoint;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The job runs. Its decision engine (cooldown after the last rescale, then stabilization) decides when a
 * change of resources or requirements becomes a rescale; rescales happen right after a completed
 * checkpoint, which this state triggers itself when a rescale is due (spec §3.4, going further than
 * Flink's wait for the next periodic one). A failure goes through the restart strategy; a rescale does
 * not.
 */
public final class Executing<R> extends StateWithExecution<R, Executing.Context<R>> implements StateTransitionManager.Context {

    /** What a running job needs: its slots, checkpoints for rescales, and the ways on. */
    public interface Context<R> extends StateWithExecution.FailureContext<R>, ToCanceling<R>, ToStopWithSavepoint<R>,
            ToFinished {
        /** All slots the job holds (free and in use) cover its desired requirement. */
        boolean hasDesiredResources();

        /** The parallelism per vertex the slots the job holds allow, or empty if fewer than the minimums. */
        Optional<Map<String, Integer>> parallelismFromHeldSlots();

        /** Whether every subtask of the execution finished (a bounded job ended). */
        boolean hasFinished(R run);

        /** Whether the job takes checkpoints (then rescales wait for one, and trigger one themselves). */
        boolean checkpointing();

        /** Triggers a checkpoint now for a planned rescale, unless one is in progress (min-pause respected). */
        void triggerCheckpointForRescale();
    }

    /** How long a departure waits for its checkpoint before rescaling from the latest one. */
    private static final Duration LEAVE_CHECKPOINT_WAIT = Duration.ofSeconds(5);

    private final SchedulerSettings settings;
    private StateTransitionManager stm;
    private int failedCheckpointsLeft = -1;
    private String leaving;

    public Executing(Context<R> context, R run, SchedulerSettings settings) {
        super(context, run, JobStatus.RUNNING);
        this.settings = settings;
    }

    @Override
    public R runningExecution() {
        return run;
    }

    @Override
    public StateTransitionManager transitionManager() {
        return stm;
    }

    @Override
    public void onEnter() {
        stm = new StateTransitionManager(this, settings.cooldown(), settings.executingStabilization(),
                context.checkpointing() ? settings.maxTriggerDelay() : Duration.ZERO, context.now());
        // Slots that arrived while the execution was being created count now.
        onNewResources();
    }

    @Override
    public void onNewResources() {
        stm.onChange();
        if (failedCheckpointsLeft < 0) {
            failedCheckpointsLeft = settings.maxCheckpointFailures();
        }
        if (stm.phase() == StateTransitionManager.Phase.STABILIZING
                || stm.phase() == StateTransitionManager.Phase.STABILIZED) {
            checkpointForRescale();
        }
    }

    @Override
    public void onPhase(StateTransitionManager.Phase phase) {
        // A rescale is due (after the cooldown, or once stabilized): take the checkpoint it waits for now.
        checkpointForRescale();
    }

    private void checkpointForRescale() {
        if (context.checkpointing() && parallelismWouldChange()) {
            context.triggerCheckpointForRescale();
        }
    }

    @Override
    public void onNewRequirements() {
        onNewResources();
    }

    @Override
    public void onCheckpointCompleted(boolean sourcesPaused) {
        if (!sourcesPaused && (leaving != null || stm.transitionDue())) {
            // A periodic checkpoint was under way when the rescale became due. Its sources did not pause, so
            // rescaling from it would read again what they read after its barrier: the rescale waits for its
            // own checkpoint, taken now.
            context.triggerCheckpointForRescale();
            return;
        }
        if (leaving != null) {
            rescale(leaving);
            return;
        }
        failedCheckpointsLeft = -1;
        stm.onTrigger();
    }

    @Override
    public void onCheckpointFailed() {
        if (failedCheckpointsLeft > 0 && --failedCheckpointsLeft == 0) {
            stm.onTrigger();
        }
    }

    @Override
    public void onExecutionStateChange() {
        if (context.hasFinished(run)) {
            context.goToFinished(JobStatus.FINISHED, null);
        }
    }

    @Override
    public void onFailure(String cause) {
        restartOrFail(context, run, cause);
    }

    @Override
    public void onResourcesLeaving(String why) {
        // A clean departure is a planned rescale: no restart attempt, no backoff. With checkpointing it happens
        // right after a checkpoint taken now (the sources pause at its barrier, so nothing is replayed), at the
        // latest after the trigger delay; without, at once.
        String cause = "a TaskExecutor leaves: " + why;
        if (!context.checkpointing()) {
            rescale(cause);
            return;
        }
        if (leaving == null) {
            leaving = cause;
            context.triggerCheckpointForRescale();
            context.runIfState(this, LEAVE_CHECKPOINT_WAIT, () -> rescale(cause));
        }
    }

    @Override
    public void cancel() {
        context.goToCanceling(run);
    }

    /** Stop-with-savepoint: the savepoint is being taken; the job stops when it is stored. */
    @Override
    public boolean stopWithSavepoint() {
        context.goToStopWithSavepoint(run);
        return true;
    }

    private void rescale(String cause) {
        context.abortPendingCheckpoint("the job rescales");
        context.restartBegins(true, cause, context.parallelismOf(run));
        context.goToRestarting(run, true, Duration.ZERO);
    }

    // ---- the engine's context

    /** The held slots would give some vertex another parallelism, and a scale-up gains enough. */
    private boolean parallelismWouldChange() {
        Optional<Map<String, Integer>> next = context.parallelismFromHeldSlots();
        if (next.isEmpty()) {
            return false;
        }
        Map<String, Integer> now = context.parallelismOf(run);
        boolean decrease = false;
        int largestIncrease = 0;
        for (Map.Entry<String, Integer> e : next.get().entrySet()) {
            int current = now.getOrDefault(e.getKey(), 0);
            if (e.getValue() < current) {
                decrease = true;
            }
            largestIncrease = Math.max(largestIncrease, e.getValue() - current);
        }
        return decrease || largestIncrease >= Math.max(1, settings.minParallelismIncrease());
    }

    @Override
    public boolean hasDesiredResources() {
        return context.hasDesiredResources() && parallelismWouldChange();
    }

    @Override
    public boolean hasSufficientResources() {
        return parallelismWouldChange();
    }

    @Override
    public void transitionToSubsequentState() {
        rescale("resources or requirements changed");
    }
}
