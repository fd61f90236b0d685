package io.ebbflow.rm;

import io.ebbflow.core.ha.AsyncDurableStore;
import io.ebbflow.core.ha.DurableStore;
import io.ebbflow.core.ha.LeaderLease;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The ResourceManager's lease in the durable store (scope {@value #SCOPE}). A claim's epoch is above every
 * epoch the store has seen and above the epoch in the cluster's map lease ({@code ebbflow.meta}), so after the
 * death of every process, or of every member holding the maps, the new leader's epoch is higher than any used
 * before and TaskExecutors, which refuse older epochs, accept it.
 */
final class DurableLeases implements LeaderElection.Leases {

    static final String SCOPE = "resource-manager";

    private final AsyncDurableStore store;
    private final ResourceManagerStore maps;

    DurableLeases(AsyncDurableStore store, ResourceManagerStore maps) {
        this.store = store;
        this.maps = maps;
    }

    @Override
    public Future<Optional<LeaderLease>> current() {
        return store.lease(SCOPE);
    }

    @Override
    public Future<DurableStore.Claim> claim(String nodeId, String holder, long now, Duration lease,
            Predicate<LeaderLease> holderGone) {
        return maps.mapLease().compose(inMap -> store.claim(SCOPE, nodeId, holder, now, lease,
                inMap.map(ResourceManagerStore.Lease::epoch).orElse(0L), holderGone));
    }

    @Override
    public Future<Optional<LeaderLease>> renew(long epoch, String nodeId, long now) {
        return store.renew(SCOPE, epoch, nodeId, now);
    }

    @Override
    public Future<Boolean> release(long epoch, String nodeId, long now) {
        return store.release(SCOPE, epoch, nodeId, now);
    }
}
