package io.ebbflow.core.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.NetworkAddresses;
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
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a clustered Vert.x with the Hazelcast cluster manager, configured from Ebbflow options:
 * loopback by default ({@link NetworkAddresses}: the bind and announced address), TCP-IP join over a member list (no multicast, no cloud discovery, no phone-home),
 * a cluster name that keeps clusters apart, fast failure detection, and Prometheus metrics.
 *
 * <p>Several services on one machine need no settings: each binds the first free port from
 * {@code cluster.port} on and probes the same range for peers. The first member forms the cluster;
 * later ones join it, whatever the order.
 *
 * <p>A service is a {@link MemberRole#DATA data} member (it holds partitions of the shared maps) or a
 * {@link MemberRole#LITE lite} member (it holds none; TaskExecutors). A lite member cannot use the maps
 * or the event bus while the cluster has no data member, so at start it waits for one (within
 * {@code cluster.join-timeout}), and when every data member has gone and one comes back it publishes
 * its event-bus registrations and node information again (they were held by the members that left).
 *
 * <p>The Hazelcast configuration is built in code, not parsed from XML: a service's start-up is mostly
 * class loading and parsing the cluster manager's default XML (with schema validation) cost a few hundred
 * milliseconds of CPU per service, which adds up when several start at once on a small machine.
 */
public final class ClusterBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterBootstrap.class);

    /**
     * The member attribute from which the Vert.x cluster manager reads a member's event-bus node id, and
     * which is also this process's node id everywhere in Ebbflow (see {@link HazelcastCluster#nodeIdOf}).
     * Chosen once per process: Hazelcast gives a member a new UUID when it merges back after a split, but
     * its attributes stay, so registrations, leases and standbys that name the node stay valid.
     */
    static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

    private ClusterBootstrap() {
    }

    /** Starts this process's cluster member as a data member. Must not be called on a Vert.x thread. */
    public static Future<ClusterNode> start(Configuration config) {
        return start(config, MemberRole.DATA);
    }

    /**
     * Starts this process's cluster member in the given role. Must not be called on a Vert.x thread.
     * Fails if the member has not joined (and, for a lite member, seen a data member) and started its
     * event bus within {@code cluster.join-timeout}.
     */
    public static Future<ClusterNode> start(Configuration config, MemberRole role) {
        Config hz = memberConfig(config, role);
        long deadline = System.nanoTime() + config.get(ClusterOptions.JOIN_TIMEOUT).toNanos();
        NetworkAddresses addresses = NetworkAddresses.of(config);
        String host = addresses.bindsElsewhere() ? addresses.advertisedHost() + " (bound to " + addresses.bindHost() + ")"
                : addresses.advertisedHost();
        LOG.info("Joining cluster '{}' on {} as a {} member (members {})",
                io.ebbflow.core.security.ClusterSecret.forLog(hz.getClusterName()), host,
                role.name().toLowerCase(java.util.Locale.ROOT), hz.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
        CompletableFuture<HazelcastInstance> member = new CompletableFuture<>();
        Thread joiner = new Thread(() -> {
            try {
                member.complete(startMember(hz, role, deadline));
            } catch (Throwable t) {
                member.completeExceptionally(t);
            }
        }, "ebbflow-cluster-join");
        joiner.setDaemon(true);
        joiner.start();
        return Future.fromCompletionStage(member).compose(instance -> startVertx(config, instance, role, deadline)
                .recover(failure -> {
                    shutdownQuietly(instance);
                    return Future.failedFuture(failure);
                }));
    }

    /**
     * The Hazelcast configuration this process's member starts with: its node id, and, when no member runs on the
     * port range yet, the range's first port designated as the first member ({@link FirstMember}).
     */
    static Config memberConfig(Configuration config, MemberRole role) {
        Config hz = hazelcastConfig(config, role);
        hz.getMemberAttributeConfig().setAttribute(NODE_ID_ATTRIBUTE, UUID.randomUUID().toString());
        FirstMember.designate(hz, NetworkAddresses.of(config).bindHost(), config.get(ClusterOptions.PORT),
                config.get(ClusterOptions.PORT_COUNT), !config.get(ClusterOptions.MEMBERS).isEmpty());
        return hz;
    }

    /** Starts the Hazelcast member; a lite member then waits until the cluster has a data member. */
    static HazelcastInstance startMember(Config hz, MemberRole role, long deadline) throws InterruptedException {
        long t0 = System.nanoTime();
        HazelcastInstance instance = Hazelcast.newHazelcastInstance(hz);
        FirstMember.release(hz);
        LOG.info("Cluster member started in {} ms ({} members)", (System.nanoTime() - t0) / 1_000_000,
                instance.getCluster().getMembers().size());
        if (role == MemberRole.LITE && !DataMembers.present(instance.getCluster().getMembers())) {
            LOG.info("This lite member waits for a data member (a ResourceManager, JobMaster or web-ui) to join the "
                    + "cluster before it starts its event bus");
            if (!DataMembers.await(instance, deadline)) {
                shutdownQuietly(instance);
                throw new IllegalStateException("no data member (ResourceManager, JobMaster or web-ui) joined cluster '"
                        + io.ebbflow.core.security.ClusterSecret.forLog(hz.getClusterName()) + "' within '" + ClusterOptions.JOIN_TIMEOUT.key() + "'; a TaskExecutor "
                        + "is a lite member and cannot use the cluster without one");
            }
        }
        return instance;
    }

    private static Future<ClusterNode> startVertx(Configuration config, HazelcastInstance instance, MemberRole role,
            long deadline) {
        HazelcastClusterManager manager = new HazelcastClusterManager(instance);
        VertxOptions options = new VertxOptions()
                .setMetricsOptions(new MicrometerMetricsOptions()
                        .setEnabled(true)
                        .setJvmMetricsEnabled(true)
                        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
        NetworkAddresses addresses = NetworkAddresses.of(config);
        options.getEventBusOptions().setHost(addresses.bindHost()).setClusterPublicHost(addresses.advertisedHost()).setPort(0);
        var tls = io.ebbflow.core.security.Tls.internal(config);
        tls.ifPresent(t -> t.eventBus(options.getEventBusOptions()));
        io.ebbflow.core.security.TlsHandshakeWatch handshakes = new io.ebbflow.core.security.TlsHandshakeWatch();
        long remainingMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        var builder = Vertx.builder()
                .with(options)
                .withMetrics(new MicrometerMetricsFactory())
                .withClusterManager(manager);
        if (tls.isPresent()) {
            builder.withTransport(handshakes.transport());
        }
        return builder
                .buildClustered()
                .timeout(remainingMs, TimeUnit.MILLISECONDS)
                .map(vertx -> {
                    ProtocolCodecs.register(vertx, config.get(RpcOptions.MAX_MESSAGE_SIZE).bytes());
                    MeterRegistry registry = BackendRegistries.getDefaultNow();
                    Republisher republisher = new Republisher(instance, manager);
                    DataMembers.Watch watch = role == MemberRole.LITE ? DataMembers.watch(instance, republisher) : null;
                    // The event bus announces the port it listens on (no public port is configured).
                    handshakes.watch(manager.getNodeInfo().port(), "event-bus");
                    HazelcastCluster node = new HazelcastCluster(vertx, instance,
                            registry != null ? registry : new SimpleMeterRegistry(), watch, republisher, handshakes);
                    LOG.info("Joined cluster '{}' as node {} ({} members, {} of them data members)",
                            io.ebbflow.core.security.ClusterSecret.forLog(instance.getConfig().getClusterName()), node.nodeId(), instance.getCluster().getMembers().size(),
                            DataMembers.count(instance.getCluster().getMembers()));
                    return node;
                });
    }

    static void shutdownQuietly(HazelcastInstance instance) {
        try {
            instance.getLifecycleService().shutdown();
        } catch (RuntimeException e) {
            LOG.debug("Shutting down the cluster member: {}", e.toString());
        }
    }

    private static String resolve(ConfigOption<String> option, String host) {
        try {
            return java.net.InetAddress.getByName(host).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new io.ebbflow.core.config.ConfigException("'" + option.key() + "' = '" + host + "': unknown host");
        }
    }

    /** The Hazelcast configuration of a data member derived from Ebbflow options. */
    public static Config hazelcastConfig(Configuration config) {
        return hazelcastConfig(config, MemberRole.DATA);
    }

    /** The Hazelcast configuration of a member in the given role derived from Ebbflow options. */
    public static Config hazelcastConfig(Configuration config, MemberRole role) {
        Config cfg = new Config();
        cfg.setLiteMember(role == MemberRole.LITE);
        // With a shared secret, the name checked at join is derived from it: members without it are refused.
        cfg.setClusterName(io.ebbflow.core.security.ClusterSecret.hazelcastClusterName(config));
        if (io.ebbflow.core.security.ClusterSecret.configured(config)) {
            // Hazelcast prefixes its log lines with the cluster name, which is then the join credential.
            cfg.setProperty("hazelcast.logging.details.enabled", "false");
        }
        int port = config.get(ClusterOptions.PORT);
        int portCount = config.get(ClusterOptions.PORT_COUNT);
        long hbSeconds = Math.max(1, config.get(ClusterOptions.MEMBER_HEARTBEAT_INTERVAL).toSeconds());
        long timeoutSeconds = Math.max(2, config.get(ClusterOptions.MEMBER_TIMEOUT).toSeconds());
        cfg.setProperty("hazelcast.phone.home.enabled", "false");
        cfg.setProperty("hazelcast.partition.count", Integer.toString(config.get(ClusterOptions.PARTITION_COUNT)));
        cfg.setProperty("hazelcast.socket.bind.any", "false");
        cfg.setProperty("hazelcast.logging.type", "slf4j");
        cfg.setProperty("hazelcast.shutdownhook.enabled", "false");
        cfg.setProperty("hazelcast.heartbeat.interval.seconds", Long.toString(hbSeconds));
        cfg.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(timeoutSeconds));
        // Two live members that stopped hearing each other (late heartbeats on a loaded machine) stay suspicious of
        // each other for good: neither sends the other heartbeats again. Off by default, this lets the master end it
        // after 5 heartbeats by taking out the fewest members, which rejoin through the merge below, instead of one
        // of them claiming mastership and splitting the cluster (seen in the chaos suite).
        cfg.setProperty("hazelcast.partial.member.disconnection.resolution.heartbeat.count", "5");
        cfg.setProperty("hazelcast.wait.seconds.before.join", "0");
        cfg.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        cfg.setProperty("hazelcast.tcp.join.port.try.count", Integer.toString(portCount));
        // An operation caught in a membership change (a master that died, partitions migrating) gives up after 10 s
        // instead of Hazelcast's 60 s, so a blocking read (a whole map, on a worker thread) cannot hold the worker
        // pool for a minute: seen in the chaos suite, where the web-ui stopped answering for 60 s.
        cfg.setProperty("hazelcast.operation.call.timeout.millis", "10000");
        // If two members ever start at the very same moment and form two clusters, merge them quickly.
        cfg.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        cfg.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        cfg.getJetConfig().setEnabled(false);
        // Hazelcast's own metrics (and their JMX beans) are unused: our metrics come from Vert.x and the services.
        cfg.getMetricsConfig().setEnabled(false);
        cfg.setProperty("hazelcast.max.join.seconds",
                Long.toString(Math.max(1, config.get(ClusterOptions.JOIN_TIMEOUT).toSeconds())));

        NetworkConfig net = cfg.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(portCount > 1).setPortCount(portCount);
        NetworkAddresses addresses = NetworkAddresses.of(config);
        String host = addresses.advertisedHost();
        String advertised = resolve(ClusterOptions.HOST, host);
        if (addresses.bindsAll()) {
            // Listen on every interface; the interface list then only picks the address announced to peers.
            cfg.setProperty("hazelcast.socket.bind.any", "true");
            net.getInterfaces().setEnabled(true).setInterfaces(List.of(advertised));
        } else {
            net.getInterfaces().setEnabled(true).setInterfaces(List.of(resolve(ClusterOptions.BIND_HOST, addresses.bindHost())));
            if (addresses.bindsElsewhere()) {
                // Bound to one address, reached at another (NAT, a forwarded port): peers are told the second.
                net.setPublicAddress(advertised);
            }
        }
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        List<String> members = new ArrayList<>(config.get(ClusterOptions.MEMBERS));
        if (members.isEmpty()) {
            members.add(host);
        }
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1).setMembers(members);

        cfg.addMapConfig(new MapConfig("ebbflow.*").setBackupCount(1).setAsyncBackupCount(1));
        // What the Vert.x cluster manager's default XML declares: event-bus registrations and node information.
        cfg.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1).setAsyncBackupCount(1)
                .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
        cfg.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1).setAsyncBackupCount(1));
        cfg.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1).setAsyncBackupCount(1));
        cfg.getSerializationConfig().addDataSerializableFactory(HazelcastCluster.FACTORY_ID,
                HazelcastCluster.serializableFactory());
        return cfg;
    }
}
