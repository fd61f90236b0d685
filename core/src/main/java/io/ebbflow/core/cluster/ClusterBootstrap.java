package io.ebbflow.core.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.ClusterOptions;
import io.ebbflow.core.config.options.RpcOptions;
import io.ebbflow.core.protocol.ProtocolCodecs;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a clustered Vert.x with the Hazelcast cluster manager, configured from Ebbflow options:
 * loopback by default, TCP-IP join over a member list (no multicast, no cloud discovery, no phone-home),
 * a cluster name that keeps clusters apart, fast failure detection, and Prometheus metrics.
 *
 * <p>Several services on one machine need no settings: each binds the first free port from
 * {@code cluster.port} on and probes the same range for peers. The first member forms the cluster;
 * later ones join it, whatever the order.
 */
public final class ClusterBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterBootstrap.class);

    private ClusterBootstrap() {
    }

    /** Starts this process's cluster member. Must not be called on a Vert.x thread. */
    public static Future<ClusterNode> start(Configuration config) {
        Config hz = hazelcastConfig(config);
        HazelcastClusterManager manager = new HazelcastClusterManager(hz);
        VertxOptions options = new VertxOptions()
                .setMetricsOptions(new MicrometerMetricsOptions()
                        .setEnabled(true)
                        .setJvmMetricsEnabled(true)
                        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
        String host = config.get(ClusterOptions.HOST);
        options.getEventBusOptions().setHost(host).setClusterPublicHost(host).setPort(0);
        long joinTimeoutMs = config.get(ClusterOptions.JOIN_TIMEOUT).toMillis();
        LOG.info("Joining cluster '{}' on {} (members {})", hz.getClusterName(), host,
                hz.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
        return Vertx.builder()
                .with(options)
                .withMetrics(new MicrometerMetricsFactory())
                .withClusterManager(manager)
                .buildClustered()
                .timeout(joinTimeoutMs, TimeUnit.MILLISECONDS)
                .map(vertx -> {
                    ProtocolCodecs.register(vertx, config.get(RpcOptions.MAX_MESSAGE_SIZE).bytes());
                    MeterRegistry registry = BackendRegistries.getDefaultNow();
                    HazelcastCluster node = new HazelcastCluster(vertx, manager.getHazelcastInstance(),
                            registry != null ? registry : new SimpleMeterRegistry());
                    LOG.info("Joined cluster '{}' as node {} ({} members)", hz.getClusterName(), node.nodeId(),
                            node.membership().liveNodeIds().size());
                    return node;
                });
    }

    private static String resolve(String host) {
        try {
            return java.net.InetAddress.getByName(host).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new io.ebbflow.core.config.ConfigException("'" + ClusterOptions.HOST.key() + "' = '" + host
                    + "': unknown host");
        }
    }

    /** The Hazelcast configuration derived from Ebbflow options. */
    public static Config hazelcastConfig(Configuration config) {
        Config cfg = ConfigUtil.loadConfig();
        cfg.setClusterName(config.get(ClusterOptions.NAME));
        int port = config.get(ClusterOptions.PORT);
        int portCount = config.get(ClusterOptions.PORT_COUNT);
        long hbSeconds = Math.max(1, config.get(ClusterOptions.MEMBER_HEARTBEAT_INTERVAL).toSeconds());
        long timeoutSeconds = Math.max(2, config.get(ClusterOptions.MEMBER_TIMEOUT).toSeconds());
        cfg.setProperty("hazelcast.phone.home.enabled", "false");
        cfg.setProperty("hazelcast.socket.bind.any", "false");
        cfg.setProperty("hazelcast.logging.type", "slf4j");
        cfg.setProperty("hazelcast.shutdownhook.enabled", "false");
        cfg.setProperty("hazelcast.heartbeat.interval.seconds", Long.toString(hbSeconds));
        cfg.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(timeoutSeconds));
        cfg.setProperty("hazelcast.wait.seconds.before.join", "0");
        cfg.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        cfg.setProperty("hazelcast.tcp.join.port.try.count", Integer.toString(portCount));
        // If two members ever start at the very same moment and form two clusters, merge them quickly.
        cfg.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        cfg.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        cfg.getJetConfig().setEnabled(false);

        NetworkConfig net = cfg.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(portCount > 1).setPortCount(portCount);
        String host = config.get(ClusterOptions.HOST);
        net.getInterfaces().setEnabled(true).setInterfaces(List.of(resolve(host)));
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        List<String> members = new ArrayList<>(config.get(ClusterOptions.MEMBERS));
        if (members.isEmpty()) {
            members.add(host);
        }
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1).setMembers(members);

        cfg.addMapConfig(new MapConfig("ebbflow.*").setBackupCount(1).setAsyncBackupCount(1));
        cfg.getSerializationConfig().addDataSerializableFactory(HazelcastCluster.FACTORY_ID,
                HazelcastCluster.serializableFactory());
        return cfg;
    }
}
