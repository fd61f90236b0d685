package io.ebbflow.core.testing;

import io.ebbflow.core.cluster.ClusterBootstrap;
import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.ClusterOptions;
import io.ebbflow.core.config.options.MetricOptions;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Clustered Vert.x nodes on loopback for multi-node tests in one JVM: free ports, a fresh cluster name
 * per call, no metrics server. Start nodes from the test thread (not from inside a Vert.x callback) and
 * close them all in {@code @AfterAll}.
 */
public final class TestClusters {

    private TestClusters() {
    }

    /** A configuration for one member of a cluster made of exactly the given ports. */
    public static Configuration memberConfig(String clusterName, int port, List<Integer> allPorts) {
        return Configuration.builder()
                .set(ClusterOptions.NAME, clusterName)
                .set(ClusterOptions.PORT, port)
                .set(ClusterOptions.PORT_COUNT, 1)
                .set(ClusterOptions.MEMBERS, allPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.toList()))
                .set(MetricOptions.PROMETHEUS_ENABLED, false)
                .build();
    }

    /** A fresh cluster name, so concurrent test runs never merge. */
    public static String uniqueName() {
        return "test-" + UUID.randomUUID();
    }

    /** Starts {@code n} members of one new cluster, one after the other. */
    public static List<ClusterNode> start(int n) throws Exception {
        String name = uniqueName();
        List<Integer> ports = freePorts(n);
        List<ClusterNode> nodes = new ArrayList<>();
        for (int port : ports) {
            nodes.add(await(ClusterBootstrap.start(memberConfig(name, port, ports))));
        }
        return nodes;
    }

    /** Closes every node, waiting for each. */
    public static void closeAll(List<ClusterNode> nodes) throws Exception {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            try {
                await(nodes.get(i).close());
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
    }

    public static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    }

    /** Ports that were free a moment ago on 127.0.0.1. */
    public static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).collect(Collectors.toList());
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
