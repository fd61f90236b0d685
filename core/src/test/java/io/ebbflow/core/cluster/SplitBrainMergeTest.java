package io.ebbflow.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.cluster.impl.ClusterServiceImpl;
import io.ebbflow.core.testing.TestClusters;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real split-brain between two members in this JVM, forced by making each suspect the other, and the
 * merge Hazelcast performs afterwards. The member that merges into the other cluster gets a new Hazelcast
 * UUID; its node id, which services register under with the ResourceManager and write into leases, must
 * not change, or the ResourceManager refuses the service for good. Seen in the chaos suite: after a
 * merge, the JobMaster of a job was refused ("not a member of this cluster") until the job failed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SplitBrainMergeTest {

    private List<ClusterNode> nodes;

    /** A data member, then a second member in {@code secondRole}, of one new cluster. */
    private void start(MemberRole secondRole) throws Exception {
        String name = TestClusters.uniqueName();
        List<Integer> ports = TestClusters.freePorts(2);
        nodes = new java.util.ArrayList<>();
        nodes.add(TestClusters.await(ClusterBootstrap.start(TestClusters.memberConfig(name, ports.get(0), ports), MemberRole.DATA)));
        nodes.add(TestClusters.await(ClusterBootstrap.start(TestClusters.memberConfig(name, ports.get(1), ports), secondRole)));
    }

    @AfterEach
    void stop() throws Exception {
        if (nodes != null) {
            TestClusters.closeAll(nodes);
        }
    }

    @Test
    void nodeIdsSurviveASplitAndMergeAndTheMembershipSaysTheNodeLeftAndCameBack() throws Exception {
        start(MemberRole.DATA);
        splitAndMerge();
    }

    /**
     * A lite member (a TaskExecutor) holds none of the maps: the other side removed its node information and
     * event-bus registrations while it was away, and nothing of it comes back with the merge. It must publish them
     * again, or no reply reaches it (seen in the chaos suite: its registrations timed out until it gave up).
     */
    @Test
    void aLiteMemberIsReachableAgainAfterASplitAndMerge() throws Exception {
        start(MemberRole.LITE);
        splitAndMerge();
    }

    private void splitAndMerge() throws Exception {
        ClusterNode a = nodes.get(0);
        ClusterNode b = nodes.get(1);
        String idA = a.nodeId();
        String idB = b.nodeId();
        UUID uuidA = hazelcast(a).getCluster().getLocalMember().getUuid();
        UUID uuidB = hazelcast(b).getCluster().getLocalMember().getUuid();
        assertThat(a.membership().liveNodeIds()).containsExactlyInAnyOrder(idA, idB);
        List<String> seenByA = new CopyOnWriteArrayList<>();
        Promise<ClusterMembership.Subscription> added = Promise.promise();
        a.vertx().runOnContext(v -> added.complete(a.membership().addListener(new ClusterMembership.Listener() {
            @Override
            public void nodeJoined(String nodeId) {
                seenByA.add("joined " + nodeId);
            }

            @Override
            public void nodeLeft(String nodeId) {
                seenByA.add("left " + nodeId);
            }
        })));
        TestClusters.await(added.future());
        TestClusters.await(a.vertx().eventBus().<String>consumer("split.test.a", m -> m.reply("a")).completion());
        TestClusters.await(b.vertx().eventBus().<String>consumer("split.test.b", m -> m.reply("b")).completion());

        split(a, b);
        split(b, a);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(a.membership().liveNodeIds()).containsExactly(idA);
            assertThat(b.membership().liveNodeIds()).containsExactly(idB);
        });
        // Hazelcast's split-brain handler merges the two one-member clusters (first run after 5 s).
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(hazelcast(a).getCluster().getMembers()).hasSize(2);
            assertThat(hazelcast(b).getCluster().getMembers()).hasSize(2);
        });

        UUID newUuidA = hazelcast(a).getCluster().getLocalMember().getUuid();
        UUID newUuidB = hazelcast(b).getCluster().getLocalMember().getUuid();
        assertThat(Set.of(newUuidA, newUuidB)).as("the member that merged got a new UUID")
                .isNotEqualTo(Set.of(uuidA, uuidB));
        assertThat(a.nodeId()).isEqualTo(idA);
        assertThat(b.nodeId()).isEqualTo(idB);
        assertThat(a.membership().liveNodeIds()).containsExactlyInAnyOrder(idA, idB);
        assertThat(b.membership().liveNodeIds()).containsExactlyInAnyOrder(idA, idB);
        await().untilAsserted(() -> assertThat(seenByA).containsSubsequence("left " + idB, "joined " + idB));
        // The event bus works again both ways: requests reach the other node's handlers and replies come back.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            assertThat(TestClusters.await(a.vertx().eventBus().<String>request("split.test.b", "ping",
                    new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(3000))).body()).isEqualTo("b");
            assertThat(TestClusters.await(b.vertx().eventBus().<String>request("split.test.a", "ping",
                    new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(3000))).body()).isEqualTo("a");
        });
        assertThat(seenByA).allSatisfy(event -> assertThat(event).endsWith(idB));
    }

    private static HazelcastInstance hazelcast(ClusterNode node) {
        return ((HazelcastCluster) node).hazelcast();
    }

    /** {@code from} declares {@code other} dead and closes its connection to it (Hazelcast's internal API). */
    private static void split(ClusterNode from, ClusterNode other) {
        UUID otherUuid = hazelcast(other).getCluster().getLocalMember().getUuid();
        Member suspect = hazelcast(from).getCluster().getMembers().stream()
                .filter(m -> m.getUuid().equals(otherUuid)).findFirst().orElseThrow();
        ClusterServiceImpl clusterService = ((HazelcastInstanceProxy) hazelcast(from)).getOriginal().node
                .getClusterService();
        clusterService.suspectMember(suspect, "split forced by the test", true);
    }
}
