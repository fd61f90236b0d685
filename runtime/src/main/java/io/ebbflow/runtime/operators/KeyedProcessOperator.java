package io.ebbflow.runtime.operators;

import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.KeyedProcessFunction;
import io.ebbflow.api.functions.TimerService;
import io.ebbflow.runtime.state.InternalTimers;
import io.ebbflow.runtime.state.VoidNamespace;

/** Runs a {@link KeyedProcessFunction}: per-key state and timers. */
final class KeyedProcessOperator<K, I, O> extends KeyedOperator<I, O> {

    private final KeyedProcessFunction<K, I, O> fn;
    private TimestampedCollector<O> collector;
    private ContextImpl ctx;
    private OnTimerContextImpl timerCtx;
    private long currentTimestamp;

    KeyedProcessOperator(KeyedProcessFunction<K, I, O> fn, KeySelector<?, ?> keySelector) {
        super(keySelector);
        this.fn = fn;
    }

    private final TimerService timerService = new TimerService() {
        @Override
        public long currentProcessingTime() {
            return context.processingTime().now();
        }

        @Override
        public long currentWatermark() {
            return timers.currentWatermark();
        }

        @Override
        public void registerProcessingTimeTimer(long time) {
            KeyedProcessOperator.this.registerProcessingTimeTimer(VoidNamespace.INSTANCE, time);
        }

        @Override
        public void registerEventTimeTimer(long time) {
            KeyedProcessOperator.this.registerEventTimeTimer(VoidNamespace.INSTANCE, time);
        }

        @Override
        public void deleteProcessingTimeTimer(long time) {
            KeyedProcessOperator.this.deleteProcessingTimeTimer(VoidNamespace.INSTANCE, time);
        }

        @Override
        public void deleteEventTimeTimer(long time) {
            KeyedProcessOperator.this.deleteEventTimeTimer(VoidNamespace.INSTANCE, time);
        }
    };

    private class ContextImpl extends KeyedProcessFunction<K, I, O>.Context {
        ContextImpl(KeyedProcessFunction<K, I, O> f) {
            f.super();
        }

        @Override
        public Long timestamp() {
            return currentTimestamp == Output.NO_TIMESTAMP ? null : currentTimestamp;
        }

        @Override
        public TimerService timerService() {
            return timerService;
        }

        @Override
        @SuppressWarnings("unchecked")
        public K getCurrentKey() {
            return (K) backend.currentKey();
        }

        @Override
        public <X> void output(io.ebbflow.api.util.OutputTag<X> outputTag, X value) {
            collector.output(outputTag, value);
        }
    }

    private class OnTimerContextImpl extends KeyedProcessFunction<K, I, O>.OnTimerContext {
        KeyedProcessFunction.TimeDomain domain;

        OnTimerContextImpl(KeyedProcessFunction<K, I, O> f) {
            f.super();
        }

        @Override
        public KeyedProcessFunction.TimeDomain timeDomain() {
            return domain;
        }

        @Override
        public Long timestamp() {
            return currentTimestamp == Output.NO_TIMESTAMP ? null : currentTimestamp;
        }

        @Override
        public TimerService timerService() {
            return timerService;
        }

        @Override
        @SuppressWarnings("unchecked")
        public K getCurrentKey() {
            return (K) backend.currentKey();
        }

        @Override
        public <X> void output(io.ebbflow.api.util.OutputTag<X> outputTag, X value) {
            collector.output(outputTag, value);
        }
    }

    @Override
    public Object userFunction() {
        return fn;
    }

    @Override
    public void open() throws Exception {
        super.open();
        collector = new TimestampedCollector<>(output);
        ctx = new ContextImpl(fn);
        timerCtx = new OnTimerContextImpl(fn);
        openFunction(fn);
    }

    @Override
    public void processElement(I value, long timestamp) throws Exception {
        setKeyOf(value);
        currentTimestamp = timestamp;
        collector.timestamp = timestamp;
        fn.processElement(value, ctx, collector);
    }

    @Override
    protected void onEventTime(InternalTimers.Timer timer) throws Exception {
        currentTimestamp = timer.timestamp();
        collector.timestamp = timer.timestamp();
        timerCtx.domain = KeyedProcessFunction.TimeDomain.EVENT_TIME;
        fn.onTimer(timer.timestamp(), timerCtx, collector);
    }

    @Override
    protected void onProcessingTime(InternalTimers.Timer timer) throws Exception {
        currentTimestamp = Output.NO_TIMESTAMP;
        collector.timestamp = Output.NO_TIMESTAMP;
        timerCtx.domain = KeyedProcessFunction.TimeDomain.PROCESSING_TIME;
        fn.onTimer(timer.timestamp(), timerCtx, collector);
    }

    @Override
    public void close() throws Exception {
        closeFunction(fn);
    }
}
