package io.ebbflow.jm.scheduler;

import io.ebbflow.core.time.Cancellable;
import java.time.Duration;

/**
 * The one decision engine for "start now?" (in {@link WaitingForResources}) and "rescale now?" (in
 * {@link Executing}), spec §3.3: phases Cooldown → Idling → Stabilizing → Stabilized → Transitioning.
 * {@link #onChange} reports that resources or requirements changed; {@link #onTrigger} a moment at which
 * a transition is welcome. Every scheduled callback runs only if the engine is still in the phase that
 * scheduled it. Single-threaded (the JobMaster's event loop); time comes from the context.
 *
 * <p>{@link Executing} runs it without a trigger delay: the engine only says when a rescale is due, and the
 * due rescale then waits in {@code Executing} for a checkpoint at whose barrier the sources paused (a
 * checkpoint merely completing in the meantime is no reason to rescale from it).
 */
public final class StateTransitionManager {

    /** What the engine needs from the state that owns it. */
    public interface Context {
        long now();

        /** Runs {@code action} after {@code delay} (immediately, but never inline, if not positive). */
        Cancellable schedule(Duration delay, Runnable action);

        /** All slots the job holds cover its desired requirement (and, while executing, parallelism would change). */
        boolean hasDesiredResources();

        /** The job can run with the slots it holds (and, while executing, parallelism would change). */
        boolean hasSufficientResources();

        /** Moves the owning state on (start, or rescale). Called once. */
        void transitionToSubsequentState();

        /** The engine entered {@code phase} (for example: a rescale became due and waits for a checkpoint). */
        default void onPhase(Phase phase) {
        }
    }

    /** The engine's phase. */
    public enum Phase { COOLDOWN, IDLING, STABILIZING, STABILIZED, TRANSITIONING }

    private final Context context;
    private final Duration cooldown;
    private final Duration stabilization;
    private final Duration maxTriggerDelay;
    private Phase phase;
    private long phaseSeq;
    private long firstChange = -1;
    private long lastChange = -1;
    private boolean evaluationPending;
    private long deadline = -1;

    /**
     * @param lastRescale when the owning state began (the time of the last rescale), from which the cooldown runs
     */
    public StateTransitionManager(Context context, Duration cooldown, Duration stabilization, Duration maxTriggerDelay,
            long lastRescale) {
        this.context = context;
        this.cooldown = cooldown;
        this.stabilization = stabilization;
        this.maxTriggerDelay = maxTriggerDelay;
        enterCooldown(lastRescale);
    }

    public Phase phase() {
        return phase;
    }

    /** When the current phase's timer fires (epoch ms), or -1: for the dashboard's "time left". */
    public long phaseDeadline() {
        return deadline;
    }

    public void onChange() {
        switch (phase) {
            case COOLDOWN -> {
                if (firstChange < 0 && context.hasSufficientResources()) {
                    firstChange = context.now();
                }
            }
            case IDLING -> {
                if (context.hasSufficientResources()) {
                    enterStabilizing(context.now());
                }
            }
            case STABILIZING -> {
                lastChange = context.now();
                scheduleEvaluation();
            }
            default -> { }
        }
    }

    public void onTrigger() {
        if (transitionDue()) {
            transition();
        } else if (phase == Phase.STABILIZED) {
            enterIdling();
        }
    }

    /** Whether a trigger now would transition (stabilizing with the desired resources, stabilized with enough). */
    public boolean transitionDue() {
        return switch (phase) {
            case STABILIZING -> context.hasDesiredResources();
            case STABILIZED -> context.hasSufficientResources();
            default -> false;
        };
    }

    // ------------------------------------------------------------------ phases

    private void enterCooldown(long since) {
        phase = Phase.COOLDOWN;
        long seq = ++phaseSeq;
        deadline = since + cooldown.toMillis();
        if (deadline <= context.now()) {
            enterIdling(); // no cooldown (waiting for resources), or it is already over
            return;
        }
        scheduleAt(deadline, seq, () -> {
            if (firstChange < 0) {
                enterIdling();
            } else {
                enterStabilizing(firstChange);
            }
        });
    }

    private void enterIdling() {
        phase = Phase.IDLING;
        ++phaseSeq;
        deadline = -1;
        firstChange = -1;
    }

    private void enterStabilizing(long first) {
        phase = Phase.STABILIZING;
        long seq = ++phaseSeq;
        firstChange = first;
        lastChange = first;
        evaluationPending = false;
        deadline = first + stabilization.toMillis();
        scheduleAt(deadline, seq, () -> enterStabilized(first));
        scheduleEvaluation();
        context.onPhase(phase);
    }

    private void scheduleEvaluation() {
        if (evaluationPending) {
            return;
        }
        evaluationPending = true;
        long seq = phaseSeq;
        scheduleAt(lastChange + maxTriggerDelay.toMillis(), seq, () -> {
            evaluationPending = false;
            onTrigger();
        });
    }

    private void enterStabilized(long first) {
        phase = Phase.STABILIZED;
        long seq = ++phaseSeq;
        deadline = first + maxTriggerDelay.toMillis();
        scheduleAt(deadline, seq, this::onTrigger);
        context.onPhase(phase);
    }

    private void transition() {
        phase = Phase.TRANSITIONING;
        ++phaseSeq;
        deadline = -1;
        context.transitionToSubsequentState();
    }

    /** Runs {@code action} at {@code time} (or as soon as possible if past) if still in phase {@code seq}. */
    private void scheduleAt(long time, long seq, Runnable action) {
        long delay = Math.max(0, time - context.now());
        context.schedule(Duration.ofMillis(delay), () -> {
            if (phaseSeq == seq) {
                action.run();
            }
        });
    }
}
