package io.ebbflow.api.windowing;

/** An element of a window with its timestamp, as evictors see it. */
public final class TimestampedValue<T> {

    private final T value;
    private final long timestamp;

    public TimestampedValue(T value, long timestamp) {
        this.value = value;
        this.timestamp = timestamp;
    }

    public T getValue() {
        return value;
    }

    /** The timestamp, or Long.MIN_VALUE if the element has none. */
    public long getTimestamp() {
        return timestamp;
    }

    public boolean hasTimestamp() {
        return timestamp != Long.MIN_VALUE;
    }
}
