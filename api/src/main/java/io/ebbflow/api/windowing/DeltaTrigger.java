package io.ebbflow.api.windowing;

import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;

/**
 * Fires when an element is more than {@code threshold} away (by the delta function) from the element
 * that last fired (the first element of the window starts the measure).
 */
public final class DeltaTrigger<T, W extends Window> extends Trigger<T, W> {

    private final double threshold;
    private final DeltaFunction<T> deltaFunction;
    @SuppressWarnings({"unchecked", "rawtypes"})
    private final ValueStateDescriptor<T> lastElement = new ValueStateDescriptor("last-element", Object.class);

    private DeltaTrigger(double threshold, DeltaFunction<T> deltaFunction) {
        this.threshold = threshold;
        this.deltaFunction = deltaFunction;
    }

    public static <T, W extends Window> DeltaTrigger<T, W> of(double threshold, DeltaFunction<T> deltaFunction) {
        return new DeltaTrigger<>(threshold, deltaFunction);
    }

    @Override
    public TriggerResult onElement(T element, long timestamp, W window, TriggerContext ctx) {
        ValueState<T> last = ctx.getValueState(lastElement);
        if (last.value() == null) {
            last.update(element);
            return TriggerResult.CONTINUE;
        }
        if (deltaFunction.getDelta(last.value(), element) > threshold) {
            last.update(element);
            return TriggerResult.FIRE;
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, W window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, W window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(W window, TriggerContext ctx) {
        ctx.getValueState(lastElement).clear();
    }
}
