package io.ebbflow.rm;

import io.ebbflow.core.ha.DurableStore;
import io.ebbflow.core.ha.LeaderLease;
import io.ebbflow.core.time.Cancellable;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the {@link Leadership} decisions against the lease of the ResourceManager in the durable store.
 * A standby looks at the lease every renew interval and at once when a cluster member leaves, and claims it
 * when it is vacant; the leader renews it every renew interval and is fenced when a renewal finds a newer
 * epoch or none succeeded for too long. At most one store call is in flight; the expiry check runs on every
 * tick whatever the store does, so a stalled disk fences the leader too.
 *
 * <p>Confined to the ResourceManager's verticle: store calls complete back on its context.
 */
final class LeaderElection {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    /** The lease of the ResourceManager scope, as the election needs it. */
    interface Leases {
        Future<Optional<LeaderLease>> current();

        /** Claims with an epoch above every epoch used before, in the durable store and in the cluster's maps. */
        Future<DurableStore.Claim> claim(String nodeId, String holder, long now, Duration lease,
                Predicate<LeaderLease> holderGone);

        /** Empty if renewed; otherwise the lease that is no longer ours. */
        Future<Optional<LeaderLease>> renew(long epoch, String nodeId, long now);

        Future<Boolean> release(long epoch, String nodeId, long now);
    }

    /** What the election tells the ResourceManager. */
    interface Listener {
        /** This ResourceManager leads now, with the lease's epoch. */
        void elected(LeaderLease lease);

        /** This ResourceManager must stop acting at once. */
        void fenced(String reason);
    }

    private final String nodeId;
    private final String holder;
    private final Leases leases;
    private final Duration leaseDuration;
    private final Duration renewInterval;
    /** Lease holders this standby does not see as members, and since when. */
    private final java.util.Map<String, Long> missing = new java.util.HashMap<>();
    private final Timers timers;
    private final Clock clock;
    private final Supplier<Set<String>> liveNodes;
    private final Listener listener;
    private final Leadership leadership;
    private Cancellable ticks = Cancellable.NONE;
    private boolean inFlight;
    private boolean stopped;

    LeaderElection(String nodeId, String holder, Leases leases, Duration leaseDuration, Duration renewInterval,
            Timers timers, Clock clock, Supplier<Set<String>> liveNodes, Listener listener) {
        this.nodeId = nodeId;
        this.holder = holder;
        this.leases = leases;
        this.leaseDuration = leaseDuration;
        this.renewInterval = renewInterval;
        this.timers = timers;
        this.clock = clock;
        this.liveNodes = liveNodes;
        this.listener = listener;
        this.leadership = new Leadership(leaseDuration, renewInterval);
    }

    /** Looks at the lease now (a first ResourceManager claims it at once), then every renew interval. */
    void start() {
        ticks = timers.periodic(renewInterval, this::tick);
        tick();
    }

    Leadership.Phase phase() {
        return leadership.phase();
    }

    long epoch() {
        return leadership.epoch();
    }

    /**
     * A cluster member left: if it was the leader a standby watches, the standby tries to take over now, and looks
     * again every quarter second until the leader has missed its renewals (or it leads).
     */
    void nodeLeft(String leftNodeId) {
        if (leadership.phase() == Leadership.Phase.STANDBY
                && leadership.watched().map(l -> leftNodeId.equals(l.nodeId())).orElse(true)) {
            tick();
            for (int i = 1; i <= 8; i++) {
                timers.schedule(Duration.ofMillis(250L * i), this::tick);
            }
        }
    }

    /** Stops looking and renewing; a leader gives the lease up (its epoch stays the high-water mark). */
    Future<Void> stop() {
        stopped = true;
        ticks.cancel();
        if (!leadership.isLeading()) {
            return Future.succeededFuture();
        }
        return leases.release(leadership.epoch(), nodeId, clock.millis())
                .onSuccess(released -> LOG.info("ResourceManager epoch {} released its lease", leadership.epoch()))
                .mapEmpty();
    }

    private void tick() {
        if (stopped) {
            return;
        }
        long now = clock.millis();
        switch (leadership.phase()) {
            case STANDBY -> {
                if (!inFlight) {
                    lookAndClaim(now);
                }
            }
            case LEADING -> {
                Optional<String> expired = leadership.expired(now);
                if (expired.isPresent()) {
                    fenced(expired.get());
                } else if (!inFlight) {
                    renew(now);
                }
            }
            case FENCED -> {
            }
        }
    }

    private void lookAndClaim(long now) {
        inFlight = true;
        Set<String> live = liveNodes.get();
        leases.current()
                .compose(current -> Leadership.vacant(current, live::contains, now, renewInterval.toMillis(),
                        missingSince(current.map(LeaderLease::nodeId).orElse(null), live, now))
                        // Decided here, on the event loop; the claim deposes only the holder judged gone.
                        ? leases.claim(nodeId, holder, now, leaseDuration, lease -> current.isPresent()
                                && lease.epoch() == current.get().epoch() && lease.nodeId() != null
                                && lease.nodeId().equals(current.get().nodeId()))
                        : Future.succeededFuture(new DurableStore.Claim(current.orElseThrow(), false)))
                .onComplete(ar -> {
                    inFlight = false;
                    claimed(ar, now);
                });
    }

    /** Since when {@code holder} has been out of this node's sight ({@code now} if it is a member or just went). */
    private long missingSince(String holder, Set<String> live, long now) {
        if (holder == null || live.contains(holder)) {
            missing.remove(holder);
            return now;
        }
        return missing.computeIfAbsent(holder, h -> now);
    }

    private void claimed(AsyncResult<DurableStore.Claim> ar, long now) {
        if (stopped || leadership.phase() != Leadership.Phase.STANDBY) {
            return;
        }
        if (ar.failed()) {
            LOG.warn("Could not read or claim the ResourceManager lease in the durable store: {}", ar.cause().toString());
            return;
        }
        DurableStore.Claim claim = ar.result();
        if (claim.claimed()) {
            leadership.elected(claim.lease(), now);
            LOG.info("ResourceManager on node {} leads with epoch {}", nodeId, claim.lease().epoch());
            listener.elected(claim.lease());
        } else if (leadership.watching(claim.lease())) {
            LOG.info("standby for the ResourceManager leader {} epoch {}", claim.lease().nodeId(), claim.lease().epoch());
        }
    }

    private void renew(long now) {
        inFlight = true;
        leases.renew(leadership.epoch(), nodeId, now).onComplete(ar -> {
            inFlight = false;
            renewed(ar, now);
        });
    }

    private void renewed(AsyncResult<Optional<LeaderLease>> ar, long issuedAt) {
        if (stopped || !leadership.isLeading()) {
            return;
        }
        if (ar.failed()) {
            LOG.warn("ResourceManager epoch {} could not renew its lease: {}", leadership.epoch(), ar.cause().toString());
        } else if (ar.result().isPresent()) {
            fenced(leadership.superseded(ar.result().get()));
        } else {
            leadership.renewed(issuedAt);
        }
    }

    private void fenced(String reason) {
        ticks.cancel();
        LOG.error(reason);
        listener.fenced(reason);
    }
}
