package io.ebbflow.runtime.operators;

import io.ebbflow.api.CoGroupedStreams.TaggedUnion;
import io.ebbflow.api.functions.CoFlatMapFunction;
import io.ebbflow.api.functions.CoMapFunction;
import io.ebbflow.api.functions.CoProcessFunction;
import io.ebbflow.api.functions.Function;
import io.ebbflow.api.functions.TimerService;

/**
 * Runs a {@link CoMapFunction}, {@link CoFlatMapFunction} or {@link CoProcessFunction} over the records of two
 * inputs, tagged by input. On keyed inputs each record's key is made current first, so the function may use
 * keyed state; timers need a {@code KeyedCoProcessFunction}.
 */
final class CoProcessOperator<IN1, IN2, O> extends BasicOperators.FunctionOperator<TaggedUnion<IN1, IN2>, O, Function> {

    private TimestampedCollector<O> collector;
    private long currentTimestamp;
    private long currentWatermark = Long.MIN_VALUE;
    private ContextImpl ctx;

    CoProcessOperator(Function fn) {
        super(fn);
        if (!(fn instanceof CoMapFunction || fn instanceof CoFlatMapFunction || fn instanceof CoProcessFunction)) {
            throw new IllegalArgumentException("not a co-function: " + fn.getClass().getName());
        }
    }

    private final TimerService timerService = new TimerService() {
        @Override
        public long currentProcessingTime() {
            return context.processingTime().now();
        }

        @Override
        public long currentWatermark() {
            return currentWatermark;
        }

        @Override
        public void registerProcessingTimeTimer(long time) {
            throw noTimers();
        }

        @Override
        public void registerEventTimeTimer(long time) {
            throw noTimers();
        }

        @Override
        public void deleteProcessingTimeTimer(long time) {
            throw noTimers();
        }

        @Override
        public void deleteEventTimeTimer(long time) {
            throw noTimers();
        }
    };

    private static UnsupportedOperationException noTimers() {
        return new UnsupportedOperationException("timers need keyed inputs and a KeyedCoProcessFunction: "
                + "connect(..).keyBy(key1, key2).process(keyedCoProcessFunction)");
    }

    private final class ContextImpl extends CoProcessFunction<IN1, IN2, O>.Context {
        @Override
        public <X> void output(io.ebbflow.api.util.OutputTag<X> outputTag, X value) {
            collector.output(outputTag, value);
        }

        ContextImpl(CoProcessFunction<IN1, IN2, O> f) {
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
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        if (fn instanceof CoProcessFunction<?, ?, ?> p) {
            ctx = new ContextImpl((CoProcessFunction<IN1, IN2, O>) p);
        }
        super.open();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void processElement(TaggedUnion<IN1, IN2> value, long timestamp) throws Exception {
        keyContext(value);
        currentTimestamp = timestamp;
        collector.timestamp = timestamp;
        boolean one = value.isOne();
        Object v = value.value();
        if (fn instanceof CoMapFunction<?, ?, ?> f) {
            CoMapFunction<IN1, IN2, O> m = (CoMapFunction<IN1, IN2, O>) f;
            output.collect(one ? m.map1((IN1) v) : m.map2((IN2) v), timestamp);
        } else if (fn instanceof CoFlatMapFunction<?, ?, ?> f) {
            CoFlatMapFunction<IN1, IN2, O> m = (CoFlatMapFunction<IN1, IN2, O>) f;
            if (one) {
                m.flatMap1((IN1) v, collector);
            } else {
                m.flatMap2((IN2) v, collector);
            }
        } else {
            CoProcessFunction<IN1, IN2, O> p = (CoProcessFunction<IN1, IN2, O>) fn;
            if (one) {
                p.processElement1((IN1) v, ctx, collector);
            } else {
                p.processElement2((IN2) v, ctx, collector);
            }
        }
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        currentWatermark = watermark;
        super.processWatermark(watermark);
    }
}
