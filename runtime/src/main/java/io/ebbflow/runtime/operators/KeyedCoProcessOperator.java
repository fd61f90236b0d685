package io.ebbflow.runtime.operators;

import io.ebbflow.api.CoGroupedStreams.TaggedUnion;
import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.KeyedCoProcessFunction;
import io.ebbflow.api.functions.KeyedProcessFunction;
import io.ebbflow.api.functions.TimerService;

/**
 * Runs a {@link KeyedCoProcessFunction} over the records of two keyed inputs, tagged by input: both inputs share
 * each key's state and timers, kept by key group as in every keyed operator (so they restore at any parallelism).
 */
final class KeyedCoProcessOperator<K, IN1, IN2, O> extends KeyedTwoInputOperator<IN1, IN2, O> {

    private final KeyedCoProcessFunction<K, IN1, IN2, O> function;
    private ContextImpl ctx;
    private OnTimerContextImpl timerCtx;

    KeyedCoProcessOperator(KeyedCoProcessFunction<K, IN1, IN2, O> fn, KeySelector<?, ?> keySelector) {
        super(fn, keySelector);
        this.function = fn;
    }

    private class ContextImpl extends KeyedCoProcessFunction<K, IN1, IN2, O>.Context {
        @Override
        public <X> void output(io.ebbflow.api.util.OutputTag<X> outputTag, X value) {
            collector.output(outputTag, value);
        }

        ContextImpl(KeyedCoProcessFunction<K, IN1, IN2, O> f) {
            f.super();
        }

        @Override
        public Long timestamp() {
            return timestampOrNull();
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
    }

    private final class OnTimerContextImpl extends KeyedCoProcessFunction<K, IN1, IN2, O>.OnTimerContext {
        @Override
        public <X> void output(io.ebbflow.api.util.OutputTag<X> outputTag, X value) {
            collector.output(outputTag, value);
        }

        KeyedProcessFunction.TimeDomain domain;

        OnTimerContextImpl(KeyedCoProcessFunction<K, IN1, IN2, O> f) {
            f.super();
        }

        @Override
        public KeyedProcessFunction.TimeDomain timeDomain() {
            return domain;
        }

        @Override
        public Long timestamp() {
            return ctx.timestamp();
        }

        @Override
        public TimerService timerService() {
            return timerService;
        }

        @Override
        public K getCurrentKey() {
            return ctx.getCurrentKey();
        }
    }

    @Override
    protected void createContexts() {
        ctx = new ContextImpl(function);
        timerCtx = new OnTimerContextImpl(function);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void processElement(TaggedUnion<IN1, IN2> value, long timestamp) throws Exception {
        setKeyOf(value);
        stamp(timestamp);
        if (value.isOne()) {
            function.processElement1((IN1) value.value(), ctx, collector);
        } else {
            function.processElement2((IN2) value.value(), ctx, collector);
        }
    }

    @Override
    protected void onTimer(long time, KeyedProcessFunction.TimeDomain domain) throws Exception {
        timerCtx.domain = domain;
        function.onTimer(time, timerCtx, collector);
    }
}
