package io.ebbflow.rm;

import java.time.Duration;

/**
 * The quiet second after a ResourceManager takes over. The cluster's maps are written behind
 * ({@link ReplicationSchedule}), so the new leader may not know the newest TaskExecutors and allocations, or know
 * nothing (every member holding the maps died). Until the TaskExecutors, told of the new leader, have registered
 * again with their slot reports, it requests no slot and pushes no share, and the share it tells a JobMaster is never
 * below what the job is known to hold or desires: otherwise the JobMaster would return a slot the new leader merely
 * does not know of yet and then get another, a needless rescale. The first leader (epoch 1) has nothing to settle.
 */
final class TakeoverSettle {

    static final Duration DURATION = Duration.ofSeconds(1);

    private final long until;

    /** A leader of {@code epoch} that took over at {@code now} (epoch millis of its clock). */
    TakeoverSettle(long epoch, long now) {
        this.until = epoch > 1 ? now + DURATION.toMillis() : now;
    }

    boolean settling(long now) {
        return now < until;
    }

    /** When the settle ends; the first requirement check runs then. */
    long until() {
        return until;
    }

    /**
     * The share to tell a job whose computed share is {@code quota}, that holds {@code acquired} slots by the ledger
     * and desires {@code desired}.
     */
    int shareToTell(int quota, int acquired, int desired, long now) {
        return settling(now) ? Math.max(quota, Math.max(acquired, desired)) : quota;
    }
}
