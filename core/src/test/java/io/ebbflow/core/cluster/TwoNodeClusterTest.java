package io.ebbflow.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.Endpoint;
import io.ebbflow.core.protocol.Endpoints;
import io.ebbflow.core.protocol.Inbox;
import io.ebbflow.core.protocol.ProtocolError;
import io.ebbflow.core.protocol.TaskExecutorMessages.RequestSlot;
import io.ebbflow.core.testing.TestClusters;
import io.ebbflow.core.time.VertxTimers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two real clustered Vert.x nodes with Hazelcast on loopback, in this JVM. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TwoNodeClusterTest {

    static List<ClusterNode> nodes;

    @BeforeAll
    static void start() throws Exception {
        nodes = TestClusters.start(2);
    }

    @AfterAll
    static void stop() throws Exception {
        TestClusters.closeAll(nodes);
    }

    record Item(String name, int count) {
    }

    @Test
    void typedRequestsAndErrorRepliesCrossTheWire() throws Exception {
        Endpoint<RequestSlot, Ack> endpoint = Endpoints.TE_REQUEST_SLOT.of("te-wire");
        List<RequestSlot> got = new CopyOnWriteArrayList<>();
        Inbox inbox = new Inbox(nodes.get(1).vertx(), "test", 1 << 20, null);
        onContext(nodes.get(1), () -> inbox.bindSync(endpoint, r -> {
            got.add(r);
            return Ack.INSTANCE;
        }));
        TestClusters.await(inbox.ready());
        BusClient client = new BusClient(nodes.get(0).vertx(), Duration.ofSeconds(10), 1 << 20);

        TestClusters.await(client.request(endpoint, new RequestSlot(1, 0, "job", 1, "alloc")));
        assertThat(got).containsExactly(new RequestSlot(1, 0, "job", 1, "alloc"));

        Throwable refused = TestClusters.await(nodes.get(0).vertx().eventBus()
                .request(endpoint.address(), new JsonObject().put("hello", "world"))
                .transform(ar -> Future.succeededFuture(ar.cause())));
        assertThat(refused).hasMessageContaining("malformed RequestSlot: field 'rmEpoch' is missing");
        assertThat(got).hasSize(1);
        TestClusters.await(inbox.close());
        assertThat(ProtocolError.ofCode(400)).isEqualTo(ProtocolError.MALFORMED);
    }

    @Test
    void guardedWritesApplyOnlyAtTheExpectedVersionAndEpoch() throws Exception {
        SharedMap<Item> onA = nodes.get(0).map("ebbflow.test.guarded", Item.class);
        SharedMap<Item> onB = nodes.get(1).map("ebbflow.test.guarded", Item.class);

        WriteResult<Item> first = TestClusters.await(onA.write("k", SharedMap.ABSENT, 1, new Item("a", 1)));
        assertThat(first.applied()).isTrue();
        assertThat(first.current().version()).isEqualTo(1);

        WriteResult<Item> again = TestClusters.await(onB.write("k", SharedMap.ABSENT, 1, new Item("b", 2)));
        assertThat(again.outcome()).isEqualTo(WriteResult.Outcome.VERSION_MISMATCH);
        assertThat(again.current().value()).isEqualTo(new Item("a", 1));

        WriteResult<Item> newer = TestClusters.await(onB.write("k", 1, 2, new Item("b", 2)));
        assertThat(newer.applied()).isTrue();
        assertThat(newer.current().fence()).isEqualTo(2);

        WriteResult<Item> stale = TestClusters.await(onA.write("k", SharedMap.ANY_VERSION, 1, new Item("a", 3)));
        assertThat(stale.outcome()).isEqualTo(WriteResult.Outcome.FENCED);
        assertThat(TestClusters.await(onA.get("k")).value()).isEqualTo(new Item("b", 2));

        assertThat(TestClusters.await(onA.write("k", 2, 2, null)).applied()).isTrue();
        assertThat(TestClusters.await(onB.get("k"))).isNull();
        assertThat(TestClusters.await(onB.entries())).isEmpty();
    }

    @Test
    void writeBehindMapReplicatesTheLatestValueAndStopsWhenFenced() throws Exception {
        SharedMap<Item> map = nodes.get(0).map("ebbflow.test.behind", Item.class);
        List<String> fenced = new CopyOnWriteArrayList<>();
        WriteBehindMap<Item>[] holder = new WriteBehindMap[1];
        onContext(nodes.get(0), () -> {
            holder[0] = new WriteBehindMap<>(map, 5, new VertxTimers(nodes.get(0).vertx()), () -> fenced.add("x"));
            for (int i = 0; i < 50; i++) {
                holder[0].put("k", new Item("v", i));
            }
            holder[0].put("gone", new Item("g", 0));
            holder[0].remove("gone");
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var v = TestClusters.await(map.get("k"));
            return v != null && v.value().count() == 49;
        });
        assertThat(TestClusters.await(map.get("gone"))).isNull();

        SharedMap<Item> newer = nodes.get(1).map("ebbflow.test.behind", Item.class);
        assertThat(TestClusters.await(newer.write("k", SharedMap.ANY_VERSION, 6, new Item("newer", 0))).applied()).isTrue();
        onContext(nodes.get(0), () -> holder[0].put("k", new Item("stale", 0)));
        await().atMost(Duration.ofSeconds(30)).until(() -> !fenced.isEmpty());
        assertThat(TestClusters.await(map.get("k")).value().name()).isEqualTo("newer");
    }

    @Test
    void membershipSeesBothNodes() {
        assertThat(nodes.get(0).membership().liveNodeIds())
                .containsExactlyInAnyOrder(nodes.get(0).nodeId(), nodes.get(1).nodeId());
        assertThat(nodes.get(1).membership().isLive(nodes.get(0).nodeId())).isTrue();
    }

    private static void onContext(ClusterNode node, Runnable r) throws Exception {
        io.vertx.core.Context ctx = node.vertx().getOrCreateContext();
        TestClusters.await(Future.<Void>future(p -> ctx.runOnContext(v -> {
            r.run();
            p.complete();
        })));
    }
}
