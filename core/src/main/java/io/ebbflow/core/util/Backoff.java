package io.ebbflow.core.util;

import java.time.Duration;

/** Exponential backoff: initial, doubled per step, capped at max; {@link #reset()} after a success. */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private long current;

    public Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.current = initialMillis;
    }

    /** The wait before the next attempt; doubles the following one. */
    public Duration next() {
        long d = current;
        current = Math.min(maxMillis, current * 2);
        return Duration.ofMillis(d);
    }

    public void reset() {
        current = initialMillis;
    }
}
