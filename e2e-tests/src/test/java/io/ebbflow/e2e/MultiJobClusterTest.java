package io.ebbflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.core.cluster.ClusterBootstrap;
import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.TaskManagerOptions;
import io.ebbflow.core.job.JobDescription;
import io.ebbflow.core.job.VertexDescription;
import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.JobMasterGateway;
import io.ebbflow.core.protocol.LedgerSlotState;
import io.ebbflow.core.protocol.ResourceManagerGateway;
import io.ebbflow.core.protocol.ResourceManagerMessages.ClusterOverview;
import io.ebbflow.core.protocol.ResourceManagerMessages.SlotView;
import io.ebbflow.core.service.ServiceContext;
import io.ebbflow.core.testing.TestClusters;
import io.ebbflow.core.time.SystemClock;
import io.ebbflow.jm.JobMasterVerticle;
import io.ebbflow.rm.ResourceManagerVerticle;
import io.ebbflow.te.TaskExecutorVerticle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three clustered Vert.x nodes in this JVM (ResourceManager; two JobMasters; two TaskExecutors), talking
 * over the real clustered event bus: two jobs share four slots fairly, the share follows TaskExecutors
 * leaving and jobs ending, and no slot is ever owned twice.
 */
class MultiJobClusterTest {

    static List<ClusterNode> nodes;
    static final List<String> exits = new CopyOnWriteArrayList<>();
    static ResourceManagerGateway rm;
    static JobMasterGateway jm;

    @BeforeAll
    static void startNodes() throws Exception {
        String name = TestClusters.uniqueName();
        List<Integer> ports = TestClusters.freePorts(3);
        nodes = new ArrayList<>();
        for (int port : ports) {
            Configuration c = TestClusters.memberConfig(name, port, ports).with(TaskManagerOptions.NUM_TASK_SLOTS, 2);
            nodes.add(TestClusters.await(ClusterBootstrap.start(c)));
        }
        BusClient bus = new BusClient(nodes.get(0).vertx(), Duration.ofSeconds(10), 1 << 20);
        rm = ResourceManagerGateway.overBus(bus);
        jm = JobMasterGateway.overBus(bus);
    }

    @AfterAll
    static void stopNodes() throws Exception {
        TestClusters.closeAll(nodes);
    }

    private static ServiceContext context(ClusterNode node) {
        Configuration config = TestClusters.memberConfig("unused", 1, List.of(1)).with(TaskManagerOptions.NUM_TASK_SLOTS, 2);
        return new ServiceContext(config, node, (code, reason) -> exits.add(code + ": " + reason));
    }

    private static JobDescription job(String name, int min, int target) {
        return new JobDescription(name, List.of(new VertexDescription("v", "V", min, target, 128, "default")));
    }

    @Test
    void twoJobsShareTheClusterFairlyAndTheShareFollowsChanges() throws Exception {
        TestClusters.await(nodes.get(0).vertx().deployVerticle(new ResourceManagerVerticle(context(nodes.get(0)), SystemClock.INSTANCE)));
        TestClusters.await(nodes.get(2).vertx().deployVerticle(new TaskExecutorVerticle(context(nodes.get(2)), "te-a", SystemClock.INSTANCE)));
        String teB = TestClusters.await(nodes.get(2).vertx().deployVerticle(
                new TaskExecutorVerticle(context(nodes.get(2)), "te-b", SystemClock.INSTANCE)));

        String jobA = TestClusters.await(nodes.get(1).vertx().deployVerticle(
                new JobMasterVerticle(context(nodes.get(1)), "job-a", job("A", 1, 4), SystemClock.INSTANCE)));
        awaitHeld("job-a", 4);

        TestClusters.await(nodes.get(1).vertx().deployVerticle(
                new JobMasterVerticle(context(nodes.get(1)), "job-b", job("B", 1, 4), SystemClock.INSTANCE)));
        awaitHeld("job-a", 2);
        awaitHeld("job-b", 2);
        assertNoSlotOwnedTwice();

        // te-b stops cleanly: two slots left, one each.
        TestClusters.await(nodes.get(2).vertx().undeploy(teB));
        awaitHeld("job-a", 1);
        awaitHeld("job-b", 1);
        assertNoSlotOwnedTwice();

        // job A ends: B gets both.
        TestClusters.await(nodes.get(1).vertx().undeploy(jobA));
        awaitHeld("job-b", 2);
        assertNoSlotOwnedTwice();
        ClusterOverview overview = TestClusters.await(rm.clusterOverview());
        assertThat(overview.jobs()).extracting(j -> j.jobId()).containsExactly("job-b");
        assertThat(exits).isEmpty();
    }

    private static void awaitHeld(String jobId, int slots) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(TestClusters.await(jm.jobDetails(jobId)).slots()).as("slots held by %s", jobId).hasSize(slots);
            ClusterOverview o = TestClusters.await(rm.clusterOverview());
            long inLedger = o.taskExecutors().stream().flatMap(t -> t.slots().stream())
                    .filter(s -> jobId.equals(s.jobId()) && s.state() == LedgerSlotState.ALLOCATED).count();
            assertThat(inLedger).as("ledger rows of %s", jobId).isEqualTo(slots);
        });
    }

    private static void assertNoSlotOwnedTwice() throws Exception {
        ClusterOverview o = TestClusters.await(rm.clusterOverview());
        Set<String> allocations = new HashSet<>();
        for (var te : o.taskExecutors()) {
            for (SlotView s : te.slots()) {
                if (s.allocationId() != null) {
                    assertThat(allocations.add(s.allocationId())).isTrue();
                }
            }
        }
        Set<String> a = new HashSet<>();
        for (String job : List.of("job-a", "job-b")) {
            try {
                TestClusters.await(jm.jobDetails(job)).slots().forEach(s -> assertThat(a.add(s.allocationId())).isTrue());
            } catch (Exception e) {
                // job ended
            }
        }
    }
}
