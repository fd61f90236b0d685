package io.ebbflow.core.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this member's event-bus node information and registrations again into the cluster's maps, after they
 * may have been lost: when this member merged back after a split-brain, and (for a lite member) when a data member
 * joins a cluster that had none.
 *
 * <p>While the cluster was split, the members on the other side removed this node's node information and
 * registrations from their maps (it had left, as far as they knew). A data member's own entries come back with the
 * merge of its partitions, but a lite member holds none, and the cluster manager (vertx-hazelcast 5.0.8) republishes
 * only when it sees members removed at the merge, not when it only sees them come back. Without its node
 * information in the maps, no reply reaches this node: seen in the chaos suite, a TaskExecutor's registrations
 * with the ResourceManager timed out for five minutes after a merge, until it gave up. The cluster manager's own
 * republishing (what it does when members leave) is private; it is called through reflection here, with a clear
 * warning if a later version no longer has it.
 */
final class Republisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Republisher.class);
    private static final long RETRY_MS = 500;

    private final HazelcastInstance instance;
    private final HazelcastClusterManager manager;
    private final Method membersRemoved;
    // Republishing makes blocking map calls: never on Hazelcast's event threads.
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ebbflow-event-bus-republish");
        t.setDaemon(true);
        return t;
    });
    private final UUID listenerId;

    Republisher(HazelcastInstance instance, HazelcastClusterManager manager) {
        this.instance = instance;
        this.manager = manager;
        this.membersRemoved = membersRemovedMethod();
        this.listenerId = instance.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                LOG.warn("This member merged back into the cluster after a split: publishing its event-bus node "
                        + "information and registrations again");
                request("merged after a split", () -> true);
            }
        });
    }

    private static Method membersRemovedMethod() {
        try {
            Method m = HazelcastClusterManager.class.getDeclaredMethod("membersRemoved", Set.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("This vertx-hazelcast has no private membersRemoved(Set) ({}): after a split-brain merge this "
                    + "member relies on the cluster manager's own recovery, which may leave it unreachable", e.toString());
            return null;
        }
    }

    /** Republishes soon, off the caller's thread, retrying while {@code stillWanted} says so. */
    void request(String why, BooleanSupplier stillWanted) {
        if (!executor.isShutdown()) {
            executor.execute(() -> republish(why, stillWanted));
        }
    }

    private void republish(String why, BooleanSupplier stillWanted) {
        try {
            if (membersRemoved != null) {
                // With no member removed: puts this node's information and registrations again, and tells the event
                // bus its cached registrations are stale.
                membersRemoved.invoke(manager, Set.of());
            } else {
                manager.stateChanged(new LifecycleEvent(LifecycleEvent.LifecycleState.MERGED));
            }
            LOG.info("Event-bus registrations and node information published again ({}; {} data members)", why,
                    DataMembers.count(instance.getCluster().getMembers()));
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            if (stillWanted.getAsBoolean() && !executor.isShutdown() && instance.getLifecycleService().isRunning()) {
                LOG.warn("Could not publish this member's event-bus registrations again ({}), retrying in {} ms: {}",
                        why, RETRY_MS, String.valueOf(cause));
                executor.schedule(() -> republish(why, stillWanted), RETRY_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void close() {
        if (instance.getLifecycleService().isRunning()) {
            instance.getLifecycleService().removeLifecycleListener(listenerId);
        }
        executor.shutdownNow();
    }
}
