package io.ebbflow.runtime.operators;

import io.ebbflow.api.functions.TimerService;
import io.ebbflow.runtime.state.VoidNamespace;

/** The {@link TimerService} a keyed function sees: timers of the current key, in the operator's own timers. */
final class KeyedTimerService implements TimerService {

    private final KeyedOperator<?, ?> operator;

    KeyedTimerService(KeyedOperator<?, ?> operator) {
        this.operator = operator;
    }

    @Override
    public long currentProcessingTime() {
        return operator.context.processingTime().now();
    }

    @Override
    public long currentWatermark() {
        return operator.timers.currentWatermark();
    }

    @Override
    public void registerProcessingTimeTimer(long time) {
        operator.registerProcessingTimeTimer(VoidNamespace.INSTANCE, time);
    }

    @Override
    public void registerEventTimeTimer(long time) {
        operator.registerEventTimeTimer(VoidNamespace.INSTANCE, time);
    }

    @Override
    public void deleteProcessingTimeTimer(long time) {
        operator.deleteProcessingTimeTimer(VoidNamespace.INSTANCE, time);
    }

    @Override
    public void deleteEventTimeTimer(long time) {
        operator.deleteEventTimeTimer(VoidNamespace.INSTANCE, time);
    }
}
