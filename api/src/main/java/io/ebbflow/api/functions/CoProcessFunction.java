package io.ebbflow.api.functions;

/**
 * Low-level processing of two connected streams that are not keyed: each record of either input with its
 * timestamp and the current time. Timers and keyed state need keyed inputs ({@code connect(..).keyBy(k1, k2)}
 * and a {@link KeyedCoProcessFunction}); registering a timer here fails, as in Flink.
 */
public abstract class CoProcessFunction<IN1, IN2, OUT> extends AbstractRichFunction {

    public abstract void processElement1(IN1 value, Context ctx, Collector<OUT> out) throws Exception;

    public abstract void processElement2(IN2 value, Context ctx, Collector<OUT> out) throws Exception;

    /** Never called on non-keyed streams (no timer can be registered); kept for Flink's shape. */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
    }

    /** The context of one record. */
    public abstract class Context {
        /** The record's event-time timestamp, or null if it has none. */
        public abstract Long timestamp();

        public abstract TimerService timerService();

        /** Emits {@code value} into the side output {@code outputTag}, with the record's timestamp (a timer's, in {@code onTimer}). */
        public abstract <X> void output(io.ebbflow.api.util.OutputTag<X> outputTag, X value);
    }

    /** The context of a firing timer. */
    public abstract class OnTimerContext extends Context {
        public abstract KeyedProcessFunction.TimeDomain timeDomain();
    }
}
