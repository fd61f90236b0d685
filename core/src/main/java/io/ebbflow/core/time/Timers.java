package io.ebbflow.core.time;

import java.time.Duration;

/**
 * Delayed and periodic actions as a dependency. In a verticle, actions run on the verticle's own
 * thread ({@link VertxTimers}), so they may touch its state; in tests a manual implementation runs them
 * when the test advances time.
 */
public interface Timers {

    /** Runs {@code action} once after {@code delay} (zero or negative: as soon as possible, never inline). */
    Cancellable schedule(Duration delay, Runnable action);

    /** Runs {@code action} every {@code period}, first after one period. */
    Cancellable periodic(Duration period, Runnable action);
}
