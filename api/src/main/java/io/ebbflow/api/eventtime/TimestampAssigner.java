package io.ebbflow.api.eventtime;

import java.io.Serializable;

/** Extracts a record's event-time timestamp (epoch milliseconds). */
@FunctionalInterface
public interface TimestampAssigner<T> extends Serializable {

    /** Used when no assigner is given: keep the timestamp the record already has. */
    long NO_TIMESTAMP = Long.MIN_VALUE;

    /**
     * @param recordTimestamp the timestamp the record carries already, or {@link #NO_TIMESTAMP}
     */
    long extractTimestamp(T element, long recordTimestamp);
}
