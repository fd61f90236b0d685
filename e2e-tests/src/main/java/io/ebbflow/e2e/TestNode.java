package io.ebbflow.e2e;

import io.ebbflow.core.cluster.ClusterBootstrap;
import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.ClusterOptions;
import io.ebbflow.core.config.options.MetricOptions;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The test JVM as a member of a {@link LocalCluster}: to talk to the services over the event bus the way
 * another service (or an attacker inside the cluster) would, and to read the shared maps.
 */
public final class TestNode implements AutoCloseable {

    private final LocalCluster cluster;
    private final int port;
    private final ClusterNode node;

    private TestNode(LocalCluster cluster, int port, ClusterNode node) {
        this.cluster = cluster;
        this.port = port;
        this.node = node;
    }

    public static TestNode join(LocalCluster cluster) throws Exception {
        int port = cluster.reservePort();
        List<String> members = Arrays.asList(cluster.members().split(","));
        Configuration config = Configuration.builder()
                .set(ClusterOptions.NAME, cluster.clusterName())
                .set(ClusterOptions.PORT, port)
                .set(ClusterOptions.PORT_COUNT, 1)
                .set(ClusterOptions.MEMBERS, members)
                .set(MetricOptions.PROMETHEUS_ENABLED, false)
                .build();
        return new TestNode(cluster, port, await(ClusterBootstrap.start(config)));
    }

    public ClusterNode node() {
        return node;
    }

    public static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        try {
            await(node.close());
        } finally {
            cluster.releasePort(port);
        }
    }
}
