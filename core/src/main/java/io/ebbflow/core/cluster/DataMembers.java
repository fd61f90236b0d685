package io.ebbflow.core.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lite member's view of the data members, which hold every map it uses: the shared maps and the event
 * bus's registrations ({@code __vertx.subs}) and node information ({@code __vertx.nodeInfo}).
 *
 * <p>When the last data member leaves, those maps are gone with it: the lite member keeps running (its
 * map and event-bus calls fail until then) and says so once. When a data member joins again, this
 * member's registrations and node information are published again, as the cluster manager does after a
 * split-brain merge, so that messages to its addresses are delivered again. The service's own loops
 * (registration with the ResourceManager, offers to JobMasters) then find their peers as usual.
 */
final class DataMembers {

    private static final Logger LOG = LoggerFactory.getLogger(DataMembers.class);
    private static final long RETRY_MS = 500;

    private DataMembers() {
    }

    static boolean present(Collection<Member> members) {
        return count(members) > 0;
    }

    static long count(Collection<Member> members) {
        return members.stream().filter(m -> !m.isLiteMember()).count();
    }

    /** Blocks until the cluster has a data member or the deadline ({@link System#nanoTime()}) passes. */
    static boolean await(HazelcastInstance instance, long deadline) throws InterruptedException {
        CountDownLatch joined = new CountDownLatch(1);
        UUID id = instance.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                if (!event.getMember().isLiteMember()) {
                    joined.countDown();
                }
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
            }
        });
        try {
            if (present(instance.getCluster().getMembers())) {
                return true;
            }
            return joined.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } finally {
            instance.getCluster().removeMembershipListener(id);
        }
    }

    /** Starts watching the data members of a lite member whose event bus runs on {@code manager}. */
    static Watch watch(HazelcastInstance instance, HazelcastClusterManager manager) {
        return new Watch(instance, manager);
    }

    /** Republishes a lite member's registrations when a data member joins a cluster that had none. */
    static final class Watch implements MembershipListener {
        private final HazelcastInstance instance;
        private final HazelcastClusterManager manager;
        private final AtomicBoolean dataMemberPresent = new AtomicBoolean(true);
        // Republishing makes blocking map calls: never on Hazelcast's event thread.
        private final ScheduledExecutorService republisher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ebbflow-lite-member-republish");
            t.setDaemon(true);
            return t;
        });
        private final UUID listenerId;

        private Watch(HazelcastInstance instance, HazelcastClusterManager manager) {
            this.instance = instance;
            this.manager = manager;
            this.listenerId = instance.getCluster().addMembershipListener(this);
            if (!present(instance.getCluster().getMembers())) {
                memberRemoved(null);
            }
        }

        @Override
        public void memberAdded(MembershipEvent event) {
            if (event.getMember().isLiteMember() || !dataMemberPresent.compareAndSet(false, true)) {
                return;
            }
            LOG.info("Data member {} joined a cluster that had none: publishing this member's event-bus "
                    + "registrations and node information again", event.getMember().getAddress());
            republisher.execute(this::republish);
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            if (!present(instance.getCluster().getMembers()) && dataMemberPresent.compareAndSet(true, false)) {
                LOG.warn("No data member (ResourceManager, JobMaster or web-ui) is left in the cluster: the shared "
                        + "maps and event-bus registrations are unavailable until one joins; this member keeps running "
                        + "and waits for one");
            }
        }

        private void republish() {
            try {
                // The cluster manager's own recovery after a merge: drop registrations of members that left,
                // publish this node's information and registrations again, and tell the event bus its
                // cached registrations are stale.
                manager.stateChanged(new LifecycleEvent(LifecycleEvent.LifecycleState.MERGED));
                LOG.info("Event-bus registrations and node information published again ({} data members)",
                        count(instance.getCluster().getMembers()));
            } catch (RuntimeException e) {
                if (dataMemberPresent.get() && !republisher.isShutdown()) {
                    LOG.warn("Could not publish this member's event-bus registrations again, retrying in {} ms: {}",
                            RETRY_MS, e.toString());
                    republisher.schedule(this::republish, RETRY_MS, TimeUnit.MILLISECONDS);
                }
            }
        }

        void close() {
            if (instance.getLifecycleService().isRunning()) {
                instance.getCluster().removeMembershipListener(listenerId);
            }
            republisher.shutdownNow();
        }
    }
}
