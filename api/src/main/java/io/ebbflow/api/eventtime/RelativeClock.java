package io.ebbflow.api.eventtime;

import java.io.Serializable;

/**
 * Time that only moves forward, for measuring how long something lasted (Flink's {@code RelativeClock}). The
 * {@linkplain #SYSTEM system's} in production; tests give a manual one to {@link WatermarkStrategy#withIdleness}.
 */
@FunctionalInterface
public interface RelativeClock extends Serializable {

    /** The system's monotonic clock. */
    RelativeClock SYSTEM = () -> System.nanoTime() / 1_000_000;

    long relativeTimeMillis();
}
