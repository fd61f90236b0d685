package io.ebbflow.api.functions;

/**
 * Time and timers of a keyed function. Timers belong to the current key: when one fires,
 * {@code onTimer} runs with that key's state. Registering the same time twice for a key fires once.
 */
public interface TimerService {

    long currentProcessingTime();

    /** The current event-time watermark (Long.MIN_VALUE before the first). */
    long currentWatermark();

    void registerProcessingTimeTimer(long time);

    void registerEventTimeTimer(long time);

    void deleteProcessingTimeTimer(long time);

    void deleteEventTimeTimer(long time);
}
