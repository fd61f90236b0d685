package io.ebbflow.jm.scheduler;

import io.ebbflow.core.time.Cancellable;
import java.time.Duration;

/**
 * What every scheduler state may use: the time, timers that belong to the state, and the one place an
 * event the state does not handle is reported. A state's own {@code Context} adds the transitions it may
 * take ({@link StateTransitions}) and the few services it needs, so the transition graph shows in the types.
 * Everything runs on the JobMaster's event loop.
 *
 * @param <R> a running execution of the job
 */
public interface StateContext<R> {

    /** The job's id (for the state's log lines). */
    String jobId();

    long now();

    /**
     * Runs {@code action} after {@code delay} if {@code state} is still the current state then; the timer is
     * cancelled when the state is left, and a timer that fires late into another state is dropped.
     */
    Cancellable runIfState(SchedulerState<R, ?> state, Duration delay, Runnable action);

    /** Whether {@code state} is the current state. */
    boolean isCurrent(SchedulerState<R, ?> state);

    /** {@code state} does not handle {@code event}: logged at DEBUG once per state and event, never acted on. */
    void ignored(SchedulerState<R, ?> state, String event);
}
