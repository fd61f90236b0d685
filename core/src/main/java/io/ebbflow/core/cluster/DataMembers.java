package io.ebbflow.core.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
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

    /** Starts watching the data members of a lite member; {@code republisher} publishes its registrations again. */
    static Watch watch(HazelcastInstance instance, Republisher republisher) {
        return new Watch(instance, republisher);
    }

    /** Republishes a lite member's registrations when a data member joins a cluster that had none. */
    static final class Watch implements MembershipListener {
        private final HazelcastInstance instance;
        private final Republisher republisher;
        private final AtomicBoolean dataMemberPresent = new AtomicBoolean(true);
        private final UUID listenerId;

        private Watch(HazelcastInstance instance, Republisher republisher) {
            this.instance = instance;
            this.republisher = republisher;
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
            republisher.request("a data member joined", dataMemberPresent::get);
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            if (!present(instance.getCluster().getMembers()) && dataMemberPresent.compareAndSet(true, false)) {
                LOG.warn("No data member (ResourceManager, JobMaster or web-ui) is left in the cluster: the shared "
                        + "maps and event-bus registrations are unavailable until one joins; this member keeps running "
                        + "and waits for one");
            }
        }

        void close() {
            if (instance.getLifecycleService().isRunning()) {
                instance.getCluster().removeMembershipListener(listenerId);
            }
        }
    }
}
