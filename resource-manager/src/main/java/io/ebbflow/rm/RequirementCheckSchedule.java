package io.ebbflow.rm;

import io.ebbflow.core.time.Cancellable;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import java.time.Duration;

/**
 * When the ResourceManager runs its requirement check: at most one per {@code slotmanager.requirement-check.delay},
 * with the first of a burst at once (leading edge) and the rest of the burst coalesced into one check when the
 * delay since the previous check has passed (trailing edge). So a declaration that arrives alone is matched
 * without waiting, and a burst of changes still costs one check per delay, as with a fixed delay.
 *
 * <p>A check may also be due no earlier than a given time (while the ledger settles after an empty takeover).
 * Confined to the ResourceManager's verticle.
 */
final class RequirementCheckSchedule {

    private final long delayMillis;
    private final Clock clock;
    private final Timers timers;
    private final Runnable check;
    private boolean ranBefore;
    private long lastRun;
    private Cancellable pending;

    /**
     * @param check runs the check; it must report that it ran with {@link #ran()}
     */
    RequirementCheckSchedule(Duration delay, Clock clock, Timers timers, Runnable check) {
        this.delayMillis = Math.max(0, delay.toMillis());
        this.clock = clock;
        this.timers = timers;
        this.check = check;
    }

    /**
     * Something changed that calls for a check: it runs now if none ran within the delay and {@code notBefore}
     * has passed, otherwise once both hold (a check already scheduled covers this change too).
     */
    void needed(long notBefore) {
        if (pending != null) {
            return;
        }
        long now = clock.millis();
        long due = ranBefore ? Math.max(notBefore, lastRun + delayMillis) : notBefore;
        if (due <= now) {
            check.run();
        } else {
            pending = timers.schedule(Duration.ofMillis(due - now), () -> {
                pending = null;
                check.run();
            });
        }
    }

    /** A check ran now (scheduled here or run directly): a scheduled one is not needed any more. */
    void ran() {
        ranBefore = true;
        lastRun = clock.millis();
        stop();
    }

    /** Whether a check is scheduled. */
    boolean isPending() {
        return pending != null;
    }

    /** Drops a scheduled check. */
    void stop() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }
}
