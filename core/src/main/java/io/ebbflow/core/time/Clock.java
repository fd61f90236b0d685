package io.ebbflow.core.time;

/**
 * Wall-clock time as a dependency. Decisions never read the system clock themselves: they take
 * {@code now} from a {@code Clock} (production: {@link SystemClock}; tests: a manual clock they advance).
 */
@FunctionalInterface
public interface Clock {

    /** Milliseconds since the epoch. */
    long millis();
}
