package io.ebbflow.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.partition.Partition;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.Endpoint;
import io.ebbflow.core.protocol.Endpoints;
import io.ebbflow.core.protocol.Inbox;
import io.ebbflow.core.protocol.TaskExecutorMessages.RequestSlot;
import io.ebbflow.core.testing.TestClusters;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TaskExecutors are lite members: they own no partition, yet use the event bus and the shared maps like
 * data members, and they survive a cluster that has lost every data member until one comes back.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LiteMemberClusterTest {

    private final String name = TestClusters.uniqueName();
    private final List<ClusterNode> nodes = new ArrayList<>();
    private List<Integer> ports;

    record Item(String name, int count) {
    }

    @AfterEach
    void stop() throws Exception {
        TestClusters.closeAll(nodes);
    }

    @Test
    void aLiteMemberOwnsNoPartitionButUsesTheEventBusAndTheMapsBothWays() throws Exception {
        ports = TestClusters.freePorts(3);
        ClusterNode data = start(0, MemberRole.DATA);
        ClusterNode lite = start(1, MemberRole.LITE);

        assertThat(hazelcast(lite).getCluster().getLocalMember().isLiteMember()).isTrue();
        assertThat(hazelcast(data).getCluster().getLocalMember().isLiteMember()).isFalse();
        SharedMap<Item> fromLite = lite.map("ebbflow.test.lite", Item.class);
        assertThat(TestClusters.await(fromLite.write("a", SharedMap.ABSENT, 1, new Item("from-lite", 1))).applied()).isTrue();
        SharedMap<Item> fromData = data.map("ebbflow.test.lite", Item.class);
        assertThat(TestClusters.await(fromData.get("a")).value()).isEqualTo(new Item("from-lite", 1));
        assertThat(TestClusters.await(fromData.write("b", SharedMap.ABSENT, 1, new Item("from-data", 2))).applied()).isTrue();
        assertThat(TestClusters.await(fromLite.entries())).containsOnlyKeys("a", "b");
        for (Partition p : hazelcast(lite).getPartitionService().getPartitions()) {
            assertThat(p.getOwner().getUuid()).isEqualTo(hazelcast(data).getCluster().getLocalMember().getUuid());
        }

        // A second data member takes partitions; the lite member still takes none.
        ClusterNode data2 = start(2, MemberRole.DATA);
        await().atMost(Duration.ofSeconds(30)).until(() -> hazelcast(data2).getPartitionService().getPartitions().stream()
                .anyMatch(p -> p.getOwner() != null && p.getOwner().getUuid()
                        .equals(hazelcast(data2).getCluster().getLocalMember().getUuid())));
        assertThat(hazelcast(lite).getPartitionService().getPartitions()).allSatisfy(p -> assertThat(p.getOwner().getUuid())
                .isNotEqualTo(hazelcast(lite).getCluster().getLocalMember().getUuid()));

        assertRequestsArrive(data, lite, "te-lite-1");
        assertRequestsArrive(lite, data, "rm-data-1");
        assertRequestsArrive(lite, data2, "rm-data-2");
        assertPublishArrives(lite, data, "announce-from-lite");
        assertPublishArrives(data, lite, "announce-to-lite");
        assertThat(lite.membership().liveNodeIds()).hasSize(3).contains(data.nodeId(), data2.nodeId());
    }

    @Test
    void aLiteMemberStartedFirstWaitsForADataMember() throws Exception {
        ports = TestClusters.freePorts(2);
        Future<ClusterNode> lite = ClusterBootstrap.start(config(0), MemberRole.LITE);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> !lite.isComplete());
        ClusterNode data = start(1, MemberRole.DATA);
        nodes.add(TestClusters.await(lite));
        assertRequestsArrive(data, nodes.get(1), "te-first");
    }

    @Test
    void aLiteMemberOutlivesEveryDataMemberAndIsReachableAgainWhenOneReturns() throws Exception {
        ports = TestClusters.freePorts(3);
        ClusterNode data = start(0, MemberRole.DATA);
        ClusterNode lite = start(1, MemberRole.LITE);
        Endpoint<RequestSlot, Ack> onLite = Endpoints.TE_REQUEST_SLOT.of("te-survivor");
        List<RequestSlot> received = bind(lite, onLite);
        TestClusters.await(new BusClient(data.vertx(), Duration.ofSeconds(5), 1 << 20).request(onLite, request(1)));

        TestClusters.await(data.close());
        nodes.remove(data);
        await().atMost(Duration.ofSeconds(30)).until(() -> lite.membership().liveNodeIds().size() == 1);
        // Alone, the lite member cannot reach anyone, but it keeps running and answers its own calls with errors.
        BusClient liteClient = new BusClient(lite.vertx(), Duration.ofSeconds(2), 1 << 20);
        Throwable alone = TestClusters.await(liteClient.request(Endpoints.TE_REQUEST_SLOT.of("nobody"), request(2))
                .transform(ar -> Future.succeededFuture(ar.cause())));
        assertThat(alone).isNotNull();
        assertThat(hazelcast(lite).getLifecycleService().isRunning()).isTrue();

        ClusterNode returning = start(2, MemberRole.DATA);
        BusClient fromReturning = new BusClient(returning.vertx(), Duration.ofSeconds(2), 1 << 20);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                fromReturning.request(onLite, request(3)).toCompletionStage().toCompletableFuture()
                        .handle((ok, failure) -> failure == null).get(5, TimeUnit.SECONDS));
        assertThat(received).extracting(RequestSlot::rmEpoch).contains(1L, 3L);
        assertRequestsArrive(lite, returning, "rm-returned");
        SharedMap<Item> map = lite.map("ebbflow.test.after", Item.class);
        assertThat(TestClusters.await(map.write("k", SharedMap.ABSENT, 1, new Item("again", 1))).applied()).isTrue();
        assertThat(TestClusters.await(returning.map("ebbflow.test.after", Item.class).get("k")).value().name())
                .isEqualTo("again");
    }

    private ClusterNode start(int portIndex, MemberRole role) throws Exception {
        ClusterNode node = TestClusters.await(ClusterBootstrap.start(config(portIndex), role));
        nodes.add(node);
        return node;
    }

    private Configuration config(int portIndex) {
        return TestClusters.memberConfig(name, ports.get(portIndex), ports);
    }

    private static com.hazelcast.core.HazelcastInstance hazelcast(ClusterNode node) {
        return ((HazelcastCluster) node).hazelcast();
    }

    private static RequestSlot request(long epoch) {
        return new RequestSlot(epoch, 0, "job", 1, "alloc-" + epoch);
    }

    private static List<RequestSlot> bind(ClusterNode node, Endpoint<RequestSlot, Ack> endpoint) throws Exception {
        List<RequestSlot> got = new CopyOnWriteArrayList<>();
        Inbox inbox = new Inbox(node.vertx(), "test", 1 << 20, null);
        onContext(node, () -> inbox.bindSync(endpoint, r -> {
            got.add(r);
            return Ack.INSTANCE;
        }));
        TestClusters.await(inbox.ready());
        return got;
    }

    private static void assertRequestsArrive(ClusterNode from, ClusterNode to, String id) throws Exception {
        Endpoint<RequestSlot, Ack> endpoint = Endpoints.TE_REQUEST_SLOT.of(id);
        List<RequestSlot> got = bind(to, endpoint);
        TestClusters.await(new BusClient(from.vertx(), Duration.ofSeconds(10), 1 << 20).request(endpoint, request(7)));
        assertThat(got).containsExactly(request(7));
    }

    private static void assertPublishArrives(ClusterNode from, ClusterNode to, String address) throws Exception {
        List<Object> got = new CopyOnWriteArrayList<>();
        var consumer = to.vertx().eventBus().consumer(address, m -> got.add(m.body()));
        TestClusters.await(consumer.completion());
        from.vertx().eventBus().publish(address, "hello");
        await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("hello"));
        TestClusters.await(consumer.unregister());
    }

    private static void onContext(ClusterNode node, Runnable r) throws Exception {
        io.vertx.core.Context ctx = node.vertx().getOrCreateContext();
        TestClusters.await(Future.<Void>future(p -> ctx.runOnContext(v -> {
            r.run();
            p.complete();
        })));
    }
}
