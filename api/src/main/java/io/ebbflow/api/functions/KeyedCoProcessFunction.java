package io.ebbflow.api.functions;

/**
 * Low-level processing of two connected streams keyed by the same kind of key
 * ({@code connect(other).keyBy(key1, key2)}): each record of either input runs with its key's state, which
 * the two inputs share, and may register event-time and processing-time timers for its key.
 */
public abstract class KeyedCoProcessFunction<K, IN1, IN2, OUT> extends AbstractRichFunction {

    public abstract void processElement1(IN1 value, Context ctx, Collector<OUT> out) throws Exception;

    public abstract void processElement2(IN2 value, Context ctx, Collector<OUT> out) throws Exception;

    /** Called when a timer registered for the current key fires. */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
    }

    /** The context of one record. */
    public abstract class Context {
        /** The record's event-time timestamp, or null if it has none. */
        public abstract Long timestamp();

        public abstract TimerService timerService();

        public abstract K getCurrentKey();

        /** Emits {@code value} into the side output {@code outputTag}, with the record's timestamp (a timer's, in {@code onTimer}). */
        public abstract <X> void output(io.ebbflow.api.util.OutputTag<X> outputTag, X value);
    }

    /** The context of a firing timer. */
    public abstract class OnTimerContext extends Context {
        public abstract KeyedProcessFunction.TimeDomain timeDomain();
    }
}
