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

    /** Whether the leader gave the lease up. */
    public boolean released() {
        return nodeId == null;
    }
}
