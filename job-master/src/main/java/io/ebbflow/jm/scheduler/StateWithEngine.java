package io.ebbflow.jm.adaptive;

import io.ebbflow.core.time.Cancellable;
import java.time.Duration;

/** A state that owns a decision engine: the engine's time and timers are the state's (they die with it). */
abstract class StateWithEngine<R> extends SchedulerState<R> implements StateTransitionManager.Context {

    protected StateWithEngine(SchedulerContext<R> context) {
        super(context);
    }

    @Override
    public long now() {
        return context.now();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
        return context.runIfState(this, delay, action);
    }
}
