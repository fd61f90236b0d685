package io.ebbflow.jm.scheduler;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.jm.scheduler.StateTransitions.ToCanceling;
import io.ebbflow.jm.scheduler.StateTransitions.ToFinished;
import io.ebbflow.jm.scheduler.StateTransitions.ToStopWithSavepoint;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job runs. Its decision engine (cooldown after the last rescale, then stabilization) decides when a
 * change of resources or requirements makes a rescale due; a TaskExecutor leaving cleanly makes one due at
 * once. A due rescale is planned: with checkpointing it happens right after a checkpoint at whose barrier the
 * sources paused (they read nothing after it), which this state asks for itself (spec §3.4, going further than
 * Flink's wait for the next periodic one), so the new execution restores exactly where the sources stopped and
 * reads nothing again. A checkpoint whose barrier did not pause the sources (a periodic one already in flight)
 * never stands in for it. Only if no such checkpoint completes within {@code rescale-trigger.max-delay} (5 s for
 * a departure), or {@code rescale-trigger.max-checkpoint-failures} fail in a row, does the rescale go ahead
 * from the latest checkpoint, reading again what the sources read after it (logged, and counted in the rescale
 * history). A failure goes through the restart strategy; a rescale does not.
 */
public final class Executing<R> extends StateWithExecution<R, Executing.Context<R>> implements StateTransitionManager.Context {

    private static final Logger LOG = LoggerFactory.getLogger(Executing.class);

    /** What a running job needs: its slots, checkpoints for rescales, and the ways on. */
    public interface Context<R> extends StateWithExecution.FailureContext<R>, ToCanceling<R>, ToStopWithSavepoint<R>,
            ToFinished {
        /** All slots the job holds (free and in use) cover its desired requirement. */
        boolean hasDesiredResources();

        /** The parallelism per vertex the slots the job holds allow, or empty if fewer than the minimums. */
        Optional<Map<String, Integer>> parallelismFromHeldSlots();

        /** Whether every subtask of the execution finished (a bounded job ended). */
        boolean hasFinished(R run);

        /** Whether the job takes checkpoints (then a planned rescale waits for one at which the sources paused). */
        boolean checkpointing();

        /**
         * A planned rescale waits for a checkpoint at whose barrier the sources pause: taken as soon as the job
         * runs and the min-pause allows (after the one in progress, if its barrier is out). Asking again while it
         * is coming changes nothing.
         */
        void triggerCheckpointForRescale();

        /** No planned rescale waits for a checkpoint any more. */
        void withdrawCheckpointForRescale();
    }

    /** How long a departure waits for its checkpoint before rescaling from the latest one. */
    private static final Duration LEAVE_CHECKPOINT_WAIT = Duration.ofSeconds(5);

    private final SchedulerSettings settings;
    private StateTransitionManager stm;
    private long enteredAt;
    /** The due rescale waiting for its checkpoint, or null. */
    private Planned planned;

    /** A due rescale waiting for the checkpoint at whose barrier the sources pause. */
    private static final class Planned {
        String cause;
        /** When it became due (its history's checkpoint phase starts here). */
        final long since;
        /** A departure: it happens whatever the slots allow (the subtasks must move). */
        boolean departure;
        int failuresLeft;

        Planned(String cause, long since, boolean departure, int failuresLeft) {
            this.cause = cause;
            this.since = since;
            this.departure = departure;
            this.failuresLeft = failuresLeft;
        }
    }

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
        enteredAt = context.now();
        stm = newEngine();
        // Slots that arrived while the execution was being created count now.
        onNewResources();
    }

    @Override
    public void onLeave() {
        context.withdrawCheckpointForRescale();
    }

    /**
     * The engine decides when a rescale is due and nothing else: it waits for no checkpoint (no trigger delay),
     * since a due rescale waits here for its own, one at which the sources paused.
     */
    private StateTransitionManager newEngine() {
        return new StateTransitionManager(this, settings.cooldown(), settings.executingStabilization(), Duration.ZERO,
                enteredAt);
    }

    @Override
    public void onNewResources() {
        stm.onChange();
    }

    @Override
    public void onNewRequirements() {
        onNewResources();
    }

    @Override
    public void onCheckpointCompleted(boolean sourcesPaused) {
        if (planned == null) {
            return;
        }
        if (!sourcesPaused) {
            // One that was in flight when the rescale became due: the sources read on after its barrier, so the
            // rescale does not start from it; its own follows (the coordinator still has the request).
            planned.failuresLeft = settings.maxCheckpointFailures();
            return;
        }
        if (planned.departure || parallelismWouldChange()) {
            rescale(planned.cause, planned.since);
        } else {
            // The change went away meanwhile (the slots came back): nothing to rescale; the sources read on.
            LOG.info("Job {}: the planned rescale would no longer change the parallelism; it does not happen ({})",
                    context.jobId(), planned.cause);
            planned = null;
            stm = newEngine();
            onNewResources();
        }
    }

    @Override
    public void onCheckpointFailed() {
        if (planned == null) {
            return;
        }
        if (--planned.failuresLeft <= 0) {
            rescaleWithoutPause(settings.maxCheckpointFailures() + " checkpoints failed in a row");
        } else {
            context.triggerCheckpointForRescale();
        }
    }

    @Override
    public void onExecutionStateChange() {
        if (context.hasFinished(run)) {
            context.goToFinished(JobStatus.FINISHED, null);
        } else if (planned != null) {
            // The execution may just have come to run in full: the rescale's checkpoint can be taken now.
            context.triggerCheckpointForRescale();
        }
    }

    @Override
    public void onFailure(String cause) {
        restartOrFail(context, run, cause);
    }

    @Override
    public void onResourcesLeaving(String why) {
        // A clean departure is a planned rescale: no restart attempt, no backoff, whatever the cooldown.
        plan("a TaskExecutor leaves: " + why, true, LEAVE_CHECKPOINT_WAIT);
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

    /**
     * A rescale is due: without checkpointing it happens now; with, once a checkpoint at whose barrier the sources
     * paused has completed, or after {@code patience} from the latest checkpoint.
     */
    private void plan(String cause, boolean departure, Duration patience) {
        if (!context.checkpointing()) {
            rescale(cause, context.now());
            return;
        }
        if (planned == null) {
            planned = new Planned(cause, context.now(), departure, settings.maxCheckpointFailures());
        } else if (departure && !planned.departure) {
            planned.cause = cause;
            planned.departure = true;
        }
        Planned p = planned;
        context.runIfState(this, patience, () -> {
            if (planned == p) {
                rescaleWithoutPause("no checkpoint at which the sources paused completed within " + patience.toMillis()
                        + " ms");
            }
        });
        context.triggerCheckpointForRescale();
    }

    private void rescaleWithoutPause(String why) {
        LOG.warn("Job {}: a planned rescale goes ahead from the latest checkpoint: {}; the sources read again what "
                + "they read after it ({})", context.jobId(), why, planned.cause);
        rescale(planned.cause, planned.since);
    }

    private void rescale(String cause, long dueSince) {
        planned = null;
        context.abortPendingCheckpoint("the job rescales");
        context.restartBegins(true, cause, context.parallelismOf(run), dueSince);
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

    /** The engine: a rescale is due. */
    @Override
    public void transitionToSubsequentState() {
        plan("resources or requirements changed", false, settings.maxTriggerDelay());
    }
}
