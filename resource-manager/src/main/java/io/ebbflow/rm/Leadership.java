package io.ebbflow.rm;

import io.ebbflow.core.ha.LeaderLease;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether this ResourceManager leads, stands by, or has been fenced, decided on plain data ({@code now} is a
 * parameter; no I/O, no timers). {@link LeaderElection} carries the decisions out against the durable store.
 *
 * <pre>
 *             lease vacant (none, released, run out, or its holder left the cluster) and the claim won
 *   STANDBY ──────────────────────────────────────────────────────────────────────────────────────► LEADING
 *     │  ▲                                                                                             │
 *     └──┘ another leader holds a live lease: watch it                                                  │
 *                                                                                                        ▼
 *                          a renewal found a newer epoch, or no renewal succeeded for (lease − renew interval)
 *                                                                                                      FENCED
 * </pre>
 *
 * <p>A standby takes over from a leader whose process left the cluster once the leader has also stopped renewing
 * (one and a half renew intervals without a renewal) or has stayed out of sight for three renew intervals, so a
 * short membership flap does not depose a live leader ({@link LeaderLease#holderGoneAt}).
 *
 * <p>A leader stops one renew interval before its lease runs out, so that it has stopped acting before a
 * standby may take over on expiry: at most one ResourceManager assigns slots. (A standby that sees the leader's
 * process leave the cluster takes over at once; if the leader is in fact alive behind a network split, its next
 * renewal, within one renew interval, finds the newer epoch, and TaskExecutors refuse its older epoch meanwhile.)
 *
 * <p>Not thread-safe: confined to the ResourceManager's verticle.
 */
final class Leadership {

    enum Phase { STANDBY, LEADING, FENCED }

    private final long actWithoutRenewalMillis;
    private Phase phase = Phase.STANDBY;
    private long epoch;
    private long lastRenewal;
    private LeaderLease watched;

    /**
     * @param lease how long a lease lasts without renewal ({@code high-availability.lease.duration})
     * @param renewInterval how often the leader renews ({@code high-availability.lease.renew-interval})
     */
    Leadership(Duration lease, Duration renewInterval) {
        this.actWithoutRenewalMillis = Math.max(renewInterval.toMillis(), lease.toMillis() - renewInterval.toMillis());
    }

    /**
     * Whether a standby may claim the leadership at {@code now}: nobody ever led, the leader released the lease,
     * the lease ran out, or the leader's process is no longer a cluster member.
     */
    static boolean vacant(Optional<LeaderLease> lease, Predicate<String> isLiveNode, long now, long renewIntervalMillis,
            long missingSince) {
        if (lease.isEmpty() || !lease.get().heldAt(now)) {
            return true;
        }
        return lease.get().holderGoneAt(now, isLiveNode.test(lease.get().nodeId()), missingSince, renewIntervalMillis);
    }

    Phase phase() {
        return phase;
    }

    boolean isLeading() {
        return phase == Phase.LEADING;
    }

    /** The epoch this ResourceManager leads (or led) with; 0 while it never led. */
    long epoch() {
        return epoch;
    }

    /** The leader a standby watches, if it saw one. */
    Optional<LeaderLease> watched() {
        return Optional.ofNullable(watched);
    }

    /**
     * A standby saw {@code lease} held by another ResourceManager.
     *
     * @return true if that is another leader or epoch than the one watched so far (worth a log line)
     */
    boolean watching(LeaderLease lease) {
        boolean changed = watched == null || watched.epoch() != lease.epoch()
                || !java.util.Objects.equals(watched.nodeId(), lease.nodeId());
        watched = lease;
        return changed;
    }

    /** The claim won: this ResourceManager leads with the lease's epoch from {@code now}. */
    void elected(LeaderLease lease, long now) {
        if (phase != Phase.STANDBY) {
            throw new IllegalStateException("elected while " + phase);
        }
        phase = Phase.LEADING;
        epoch = lease.epoch();
        lastRenewal = now;
        watched = null;
    }

    /** A renewal issued at {@code issuedAt} succeeded. */
    void renewed(long issuedAt) {
        if (phase == Phase.LEADING) {
            lastRenewal = Math.max(lastRenewal, issuedAt);
        }
    }

    /**
     * A renewal found the lease no longer this leader's.
     *
     * @return the reason, for the log and the exit
     */
    String superseded(LeaderLease current) {
        phase = Phase.FENCED;
        String by = current.nodeId() == null ? " (released)" : " (held by node " + current.nodeId() + ")";
        return "fenced: ResourceManager epoch " + epoch + " superseded by " + current.epoch() + by;
    }

    /**
     * The leader's check at {@code now}: whether it has gone too long without a successful renewal.
     *
     * @return the reason if it must stop acting now
     */
    Optional<String> expired(long now) {
        if (phase != Phase.LEADING || now - lastRenewal <= actWithoutRenewalMillis) {
            return Optional.empty();
        }
        phase = Phase.FENCED;
        return Optional.of("fenced: ResourceManager epoch " + epoch + " could not renew its lease for "
                + (now - lastRenewal) + " ms; a standby may take over when the lease runs out, so this one stops");
    }
}
