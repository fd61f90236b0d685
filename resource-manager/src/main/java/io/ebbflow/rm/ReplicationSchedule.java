package io.ebbflow.rm;

import io.ebbflow.core.time.Cancellable;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import java.time.Duration;

/**
 * When the ResourceManager writes its changes (slot ledger, TaskExecutors, jobs) to the cluster's maps: once
 * they have been quiet for {@link #QUIET}, and never later than {@link #MAX_LAG} after the first unwritten
 * change. Writing is write-behind anyway; waiting for a quiet moment keeps the writes (JSON, a Hazelcast
 * operation and its completion per row) out of a burst of slot requests, where they delayed the requests
 * of the jobs served last, and lets the changes a slot goes through in a burst ({@code FREE → PENDING →
 * ALLOCATED}) reach the map as one write.
 *
 * <p>What is not yet written when the ResourceManager dies is rebuilt by its successor from the TaskExecutors'
 * slot reports, as are writes still in flight. Confined to the ResourceManager's verticle.
 */
final class ReplicationSchedule {

    static final Duration QUIET = Duration.ofMillis(50);
    static final Duration MAX_LAG = Duration.ofMillis(500);

    private final Clock clock;
    private final Timers timers;
    private final Runnable write;
    private long firstUnwritten = -1;
    private long lastChange;
    private Cancellable timer = Cancellable.NONE;

    /**
     * @param write writes every change not written yet
     */
    ReplicationSchedule(Clock clock, Timers timers, Runnable write) {
        this.clock = clock;
        this.timers = timers;
        this.write = write;
    }

    /** Something changed that is not written yet. */
    void changed() {
        long now = clock.millis();
        lastChange = now;
        if (firstUnwritten < 0) {
            firstUnwritten = now;
            arm(now + QUIET.toMillis());
        }
    }

    /** Whether changes wait to be written. */
    boolean isWaiting() {
        return firstUnwritten >= 0;
    }

    /** Writes what waits now (a clean stop). */
    void writeNow() {
        timer.cancel();
        firstUnwritten = -1;
        write.run();
    }

    /** Stops without writing (fenced). */
    void stop() {
        timer.cancel();
        firstUnwritten = -1;
    }

    private void arm(long at) {
        timer = timers.schedule(Duration.ofMillis(Math.max(0, at - clock.millis())), this::due);
    }

    private void due() {
        if (firstUnwritten < 0) {
            return;
        }
        long at = Math.min(lastChange + QUIET.toMillis(), firstUnwritten + MAX_LAG.toMillis());
        if (clock.millis() >= at) {
            writeNow();
        } else {
            arm(at);
        }
    }
}
