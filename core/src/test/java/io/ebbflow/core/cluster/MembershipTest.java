package io.ebbflow.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.core.testing.TestClusters;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A member that leaves is reported to the others' listeners, on their own context. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MembershipTest {

    static List<ClusterNode> nodes;

    @BeforeAll
    static void start() throws Exception {
        nodes = TestClusters.start(3);
    }

    @AfterAll
    static void stop() throws Exception {
        TestClusters.closeAll(nodes.subList(0, 2));
    }

    @Test
    void aLeavingNodeIsReportedToTheOthers() throws Exception {
        List<String> left = new CopyOnWriteArrayList<>();
        List<Boolean> onEventLoop = new CopyOnWriteArrayList<>();
        nodes.get(0).vertx().getOrCreateContext().runOnContext(v -> nodes.get(0).membership().addListener(node -> {
            left.add(node);
            onEventLoop.add(io.vertx.core.Context.isOnEventLoopThread());
        }));
        await().atMost(Duration.ofSeconds(10)).until(() -> nodes.get(0).membership().liveNodeIds().size() == 3);
        String leaving = nodes.get(2).nodeId();
        TestClusters.await(nodes.get(2).close());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(left).contains(leaving));
        assertThat(onEventLoop).containsOnly(true);
        assertThat(nodes.get(0).membership().isLive(leaving)).isFalse();
    }
}
