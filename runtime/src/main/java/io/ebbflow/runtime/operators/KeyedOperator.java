package io.ebbflow.runtime.operators;

import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.runtime.state.HeapKeyedStateBackend;
import io.ebbflow.runtime.state.InternalTimers;
import java.util.OptionalLong;

/**
 * Base of operators on a keyed stream: sets the current key of the keyed state before each record,
 * and owns the operator's timers (per key and namespace), firing event-time timers as the watermark
 * advances and processing-time timers through the subtask's clock.
 */
abstract class KeyedOperator<IN, OUT> extends StreamOperator<IN, OUT> implements KeyedTimers {

    protected final KeySelector<IN, Object> keySelector;
    protected HeapKeyedStateBackend backend;
    protected final InternalTimers timers = new InternalTimers();
    private long scheduledWakeUp = Long.MAX_VALUE;
    private ProcessingTimeService.Registration wakeUp;

    @SuppressWarnings("unchecked")
    protected KeyedOperator(KeySelector<?, ?> keySelector) {
        if (keySelector == null) {
            throw new IllegalArgumentException("this operator needs a keyed input (keyBy)");
        }
        this.keySelector = (KeySelector<IN, Object>) keySelector;
    }

    @Override
    public void open() throws Exception {
        backend = context.keyedStateBackend();
        if (timers.numProcessingTimeTimers() > 0) {
            scheduleWakeUp(); // restored processing-time timers
        }
    }

    @Override
    public InternalTimers timers() {
        return timers;
    }

    @Override
    public void restoreTimer(InternalTimers.Timer t, boolean eventTime) {
        if (eventTime) {
            timers.registerEventTimeTimer(t);
        } else {
            timers.registerProcessingTimeTimer(t);
        }
    }

    protected Object setKeyOf(IN value) throws Exception {
        Object key = keySelector.getKey(value);
        backend.setCurrentKey(key);
        return key;
    }

    /** Called for a due timer, with its key set as current. */
    protected abstract void onEventTime(InternalTimers.Timer timer) throws Exception;

    protected abstract void onProcessingTime(InternalTimers.Timer timer) throws Exception;

    @Override
    public void processWatermark(long watermark) throws Exception {
        timers.advanceWatermark(watermark, t -> fire(t, true));
        output.emitWatermark(watermark);
    }

    protected void registerEventTimeTimer(Object namespace, long time) {
        timers.registerEventTimeTimer(new InternalTimers.Timer(time, backend.currentKey(), backend.currentKeyGroup(), namespace));
    }

    protected void deleteEventTimeTimer(Object namespace, long time) {
        timers.deleteEventTimeTimer(new InternalTimers.Timer(time, backend.currentKey(), backend.currentKeyGroup(), namespace));
    }

    protected void registerProcessingTimeTimer(Object namespace, long time) {
        timers.registerProcessingTimeTimer(new InternalTimers.Timer(time, backend.currentKey(), backend.currentKeyGroup(),
                namespace));
        scheduleWakeUp();
    }

    protected void deleteProcessingTimeTimer(Object namespace, long time) {
        timers.deleteProcessingTimeTimer(new InternalTimers.Timer(time, backend.currentKey(), backend.currentKeyGroup(),
                namespace));
    }

    private void scheduleWakeUp() {
        OptionalLong next = timers.nextProcessingTime();
        if (next.isPresent() && next.getAsLong() < scheduledWakeUp) {
            if (wakeUp != null) {
                wakeUp.cancel();
            }
            scheduledWakeUp = next.getAsLong();
            wakeUp = context.processingTime().schedule(scheduledWakeUp, this::processingTimeReached);
        }
    }

    private void processingTimeReached() {
        scheduledWakeUp = Long.MAX_VALUE;
        wakeUp = null;
        timers.advanceProcessingTime(context.processingTime().now(), t -> fire(t, false));
        scheduleWakeUp();
    }

    private void fire(InternalTimers.Timer t, boolean eventTime) {
        Object previousKey = backend.currentKey();
        int previousGroup = backend.currentKeyGroup();
        backend.setCurrentKey(t.key(), t.keyGroup());
        try {
            if (eventTime) {
                onEventTime(t);
            } else {
                onProcessingTime(t);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new TimerException(e);
        } finally {
            backend.setCurrentKey(previousKey, previousGroup);
        }
    }

    /** A checked exception thrown by user code in a timer callback. */
    static final class TimerException extends RuntimeException {
        TimerException(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }
}
