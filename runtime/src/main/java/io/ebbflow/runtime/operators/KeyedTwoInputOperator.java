package io.ebbflow.runtime.operators;

import io.ebbflow.api.CoGroupedStreams.TaggedUnion;
import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.KeyedProcessFunction;
import io.ebbflow.api.functions.TimerService;
import io.ebbflow.runtime.state.InternalTimers;

/**
 * What the keyed two-input operators share: records tagged by input, the current record's (or timer's)
 * timestamp, the collector that stamps outputs with it, the timer service of the current key, and the user
 * function's life cycle and timer callback.
 */
abstract class KeyedTwoInputOperator<IN1, IN2, O> extends KeyedOperator<TaggedUnion<IN1, IN2>, O> {

    protected final Object fn;
    protected final TimerService timerService = new KeyedTimerService(this);
    protected TimestampedCollector<O> collector;
    protected long currentTimestamp;

    protected KeyedTwoInputOperator(Object fn, KeySelector<?, ?> keySelector) {
        super(keySelector);
        this.fn = fn;
    }

    /** The current timestamp as the functions' contexts give it: null when the record has none. */
    protected Long timestampOrNull() {
        return currentTimestamp == Output.NO_TIMESTAMP ? null : currentTimestamp;
    }

    /** Creates the function's contexts (and the state the operator itself keeps), once the keyed state is there. */
    protected abstract void createContexts();

    /** Calls the function's {@code onTimer}, with the timer's key current. */
    protected abstract void onTimer(long time, KeyedProcessFunction.TimeDomain domain) throws Exception;

    @Override
    public Object userFunction() {
        return fn;
    }

    @Override
    public void open() throws Exception {
        super.open();
        collector = new TimestampedCollector<>(output);
        createContexts();
        openFunction(fn);
    }

    /** Makes {@code timestamp} the current one, for the function's context and its outputs. */
    protected void stamp(long timestamp) {
        currentTimestamp = timestamp;
        collector.timestamp = timestamp;
    }

    @Override
    protected void onEventTime(InternalTimers.Timer timer) throws Exception {
        stamp(timer.timestamp());
        onTimer(timer.timestamp(), KeyedProcessFunction.TimeDomain.EVENT_TIME);
    }

    @Override
    protected void onProcessingTime(InternalTimers.Timer timer) throws Exception {
        stamp(Output.NO_TIMESTAMP);
        onTimer(timer.timestamp(), KeyedProcessFunction.TimeDomain.PROCESSING_TIME);
    }

    @Override
    public void close() throws Exception {
        closeFunction(fn);
    }
}
