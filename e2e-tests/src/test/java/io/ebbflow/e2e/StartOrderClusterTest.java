package io.ebbflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.core.cluster.ClusterBootstrap;
import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.RegistrationOptions;
import io.ebbflow.core.config.options.TaskManagerOptions;
import io.ebbflow.core.job.JobDescription;
import io.ebbflow.core.job.VertexDescription;
import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.JobMasterGateway;
import io.ebbflow.core.service.ServiceContext;
import io.ebbflow.core.testing.TestClusters;
import io.ebbflow.core.time.SystemClock;
import io.ebbflow.jm.JobMasterVerticle;
import io.ebbflow.rm.ResourceManagerVerticle;
import io.ebbflow.te.TaskExecutorVerticle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No start order is needed: a TaskExecutor and a JobMaster started before any ResourceManager keep
 * trying, and register as soon as one starts (it announces itself, so they do not wait out their
 * backoff, here set to a minute to prove it).
 */
class StartOrderClusterTest {

    static List<ClusterNode> nodes;
    static final List<String> exits = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startNodes() throws Exception {
        String name = TestClusters.uniqueName();
        List<Integer> ports = TestClusters.freePorts(2);
        nodes = new ArrayList<>();
        for (int port : ports) {
            nodes.add(TestClusters.await(ClusterBootstrap.start(TestClusters.memberConfig(name, port, ports))));
        }
    }

    @AfterAll
    static void stopNodes() throws Exception {
        TestClusters.closeAll(nodes);
    }

    @Test
    void servicesStartedBeforeTheResourceManagerRegisterWhenItAppears() throws Exception {
        Configuration config = Configuration.defaults()
                .with(TaskManagerOptions.NUM_TASK_SLOTS, 2)
                .with(RegistrationOptions.INITIAL_TIMEOUT, Duration.ofMinutes(1))
                .with(RegistrationOptions.MAX_TIMEOUT, Duration.ofMinutes(1));
        ServiceContext onNode1 = new ServiceContext(config, nodes.get(1), (code, why) -> exits.add(why));
        TestClusters.await(nodes.get(1).vertx().deployVerticle(new TaskExecutorVerticle(onNode1, "early-te", SystemClock.INSTANCE)));
        TestClusters.await(nodes.get(1).vertx().deployVerticle(new JobMasterVerticle(onNode1, "early-job",
                new JobDescription("early", List.of(new VertexDescription("v", "v", 1, 2, 128, "default"))),
                SystemClock.INSTANCE)));
        JobMasterGateway jm = JobMasterGateway.overBus(new BusClient(nodes.get(0).vertx(), Duration.ofSeconds(10), 1 << 20));
        // Both have tried once and now wait a minute before trying again.
        assertThat(TestClusters.await(jm.jobDetails("early-job")).slots()).isEmpty();

        TestClusters.await(nodes.get(0).vertx().deployVerticle(new ResourceManagerVerticle(
                new ServiceContext(config, nodes.get(0), (code, why) -> exits.add(why)), SystemClock.INSTANCE)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(TestClusters.await(jm.jobDetails("early-job")).slots()).hasSize(2));
        assertThat(exits).isEmpty();
    }
}
