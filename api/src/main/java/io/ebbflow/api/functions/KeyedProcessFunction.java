package io.ebbflow.api.functions;

import io.ebbflow.api.util.OutputTag;

/**
 * Low-level processing of a keyed stream: each record with its key's state, and event-time and
 * processing-time timers per key.
 */
public abstract class KeyedProcessFunction<K, I, O> extends AbstractRichFunction {

    public abstract void processElement(I value, Context ctx, Collector<O> out) throws Exception;

    /** Called when a timer registered for the current key fires. */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
    }

    /** The context of one record. */
    public abstract class Context {
        /** The record's event-time timestamp, or null if it has none. */
        public abstract Long timestamp();

        public abstract TimerService timerService();

        public abstract K getCurrentKey();

        /** Emits {@code value} into the side output {@code outputTag}, with the record's (or timer's) timestamp. */
        public abstract <X> void output(OutputTag<X> outputTag, X value);
    }

    /** The context of a firing timer. */
    public abstract class OnTimerContext extends Context {
        /** Whether an event-time or a processing-time timer fired. */
        public abstract TimeDomain timeDomain();
    }

    /** The two notions of time. */
    public enum TimeDomain { EVENT_TIME, PROCESSING_TIME }
}
