package io.ebbflow.core.ha;

/**
 * A leadership lease as kept in the durable store: who leads a scope (the ResourceManager, or one job's
 * JobMasters), with which epoch, and until when. The epoch is also the scope's high-water mark: it only
 * ever grows, so every leader's fencing token is higher than any used before, even after every process
 * of the cluster died.
 *
 * @param epoch the leader's fencing token
 * @param nodeId the leader's cluster node id, or null once the leader released the lease
 * @param holder a human-readable name of the leader's process (for logs and REST)
 * @param renewedAt when the leader last renewed the lease (epoch millis of its clock)
 * @param durationMs how long the lease lasts without renewal
 */
public record LeaderLease(long epoch, String nodeId, String holder, long renewedAt, long durationMs) {

    /** Whether the lease is held (not released) and has not run out at {@code now}. */
    public boolean heldAt(long now) {
        return nodeId != null && renewedAt + durationMs >= now;
    }

    /**
     * Whether the leader has stopped renewing at {@code now}: released, or no renewal for one and a half renew
     * intervals. A standby that saw the leader's process leave the cluster takes over only then, so that a
     * membership flap (the standby itself cut off for a moment, a long pause) does not depose a leader that is
     * alive and renewing; after a kill -9 it costs at most that much.
     */
    public boolean renewalsStoppedAt(long now, long renewIntervalMillis) {
        return nodeId == null || now - renewedAt > renewIntervalMillis * 3 / 2;
    }

    /**
     * Whether a standby may take over from this lease's holder at {@code now}: the holder is not a member of the
     * standby's cluster (since {@code missingSince}) and has either stopped renewing, or stayed out of sight for
     * three renew intervals (a network split that lasts: the holder, still renewing, is fenced at its next renewal).
     * A shorter flap of the membership deposes nobody.
     */
    public boolean holderGoneAt(long now, boolean holderIsMember, long missingSince, long renewIntervalMillis) {
        return !holderIsMember && (renewalsStoppedAt(now, renewIntervalMillis)
                || now - missingSince >= renewIntervalMillis * 3);
    }

    /** Whether the leader gave the lease up. */
    public boolean released() {
        return nodeId == null;
    }
}
