package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Ranges;
import java.time.Duration;
import java.util.List;

/** How a service joins the Hazelcast-backed Vert.x cluster. */
public final class ClusterOptions {

    private ClusterOptions() {
    }

    public static final ConfigOption<String> NAME = ConfigOption.key("cluster.name")
            .stringType().defaultValue("ebbflow")
            .validate("a non-empty string", Ranges.notBlank())
            .withDescription("Name of the cluster. Services join only members with the same name, so two clusters "
                    + "on one machine never merge. Give every deployment (and every test run) its own.");

    public static final ConfigOption<String> HOST = ConfigOption.key("cluster.host")
            .stringType().defaultValue("127.0.0.1")
            .validate("a host or IP address peers can reach (not a wildcard such as 0.0.0.0)",
                    io.ebbflow.core.config.NetworkAddresses::checkAdvertised)
            .withDescription("Address this service announces to its peers for cluster membership, the clustered event "
                    + "bus, the data plane and the blob server, and binds them to unless 'cluster.bind-host' says "
                    + "otherwise. Peers on other hosts must be able to reach it. The default keeps everything on the "
                    + "loopback interface. A TaskExecutor's 'taskmanager.host' overrides it for that TaskExecutor.");

    public static final ConfigOption<String> BIND_HOST = ConfigOption.key("cluster.bind-host")
            .stringType().derivedDefault("'cluster.host'")
            .validate("a non-empty host or IP address", Ranges.notBlank())
            .withDescription("Address this service binds its listeners to (cluster membership, clustered event bus, "
                    + "data plane, blob server, Prometheus metrics) when it differs from the one it announces "
                    + "('cluster.host'), e.g. '0.0.0.0' for every interface or a private interface behind NAT. "
                    + "'taskmanager.bind-host' and 'jobmanager.bind-host' override it for their service.");

    public static final ConfigOption<Integer> PORT = ConfigOption.key("cluster.port")
            .intType().defaultValue(5701)
            .validate("an integer in [1, 65535]", Ranges.intBetween(1, 65535))
            .withDescription("First port tried for cluster membership. If it is taken, the next "
                    + "'cluster.port-count' - 1 ports are tried in turn, so several services on one machine need "
                    + "no port settings.");

    public static final ConfigOption<Integer> PORT_COUNT = ConfigOption.key("cluster.port-count")
            .intType().defaultValue(20)
            .validate("an integer in [1, 1000]", Ranges.intBetween(1, 1000))
            .withDescription("How many ports, from 'cluster.port' upwards, a service may bind and a joining service "
                    + "probes for peers listed without a port. Use 1 to bind exactly 'cluster.port'.");

    public static final ConfigOption<List<String>> MEMBERS = ConfigOption.key("cluster.members")
            .stringListType().defaultValue(List.of())
            .derivedDefault("'cluster.host' on ports 'cluster.port' .. + 'cluster.port-count' - 1")
            .withDescription("Seed members to contact when joining, as 'host' or 'host:port' entries (comma-separated "
                    + "or a YAML list): on several hosts, list the announced addresses ('cluster.host') of the "
                    + "ResourceManagers (any running members will do). A host without a port is probed on the whole port range. Also settable "
                    + "with the --cluster-members command-line flag. Multicast discovery is never used.");

    public static final ConfigOption<Integer> PARTITION_COUNT = ConfigOption.key("cluster.partition-count")
            .intType().defaultValue(7)
            .validate("an integer in [1, 271]", Ranges.intBetween(1, 271))
            .withDescription("Partitions of the shared maps (Hazelcast's partition count; every member of a cluster "
                    + "must use the same). The maps are small (a row per slot, TaskExecutor and job), and every "
                    + "partition costs each data member joining or leaving migration work: with Hazelcast's 271, five "
                    + "services starting together spend about a fifth of their CPU moving empty partitions. Raise it "
                    + "for clusters with many thousands of slots.");

    public static final ConfigOption<Duration> MEMBER_HEARTBEAT_INTERVAL = ConfigOption
            .key("cluster.failure-detection.heartbeat-interval")
            .durationType().defaultValue(Duration.ofSeconds(1))
            .validate("at least 1 s", d -> d.toMillis() >= 1000 ? null : "expected at least 1 s, got " + d.toMillis() + " ms")
            .withDescription("How often cluster members send membership heartbeats to each other (whole seconds).");

    public static final ConfigOption<Duration> MEMBER_TIMEOUT = ConfigOption.key("cluster.failure-detection.timeout")
            .durationType().defaultValue(Duration.ofSeconds(15))
            .validate("at least 2 s", d -> d.toMillis() >= 2000 ? null : "expected at least 2 s, got " + d.toMillis() + " ms")
            .withDescription("A member that sends no membership heartbeat for this long is removed from the cluster "
                    + "(whole seconds). This catches hung processes; a killed process is noticed in well under a "
                    + "second because its connections are refused. Lower values risk evicting live members whose "
                    + "heartbeats come late on a loaded machine (5 s split the chaos suite's cluster on 2 cores, "
                    + "where heartbeats between live members came up to 9 s apart).");

    public static final ConfigOption<Duration> JOIN_TIMEOUT = ConfigOption.key("cluster.join-timeout")
            .durationType().defaultValue(Duration.ofMinutes(2))
            .validate("a positive duration", Ranges.positive())
            .withDescription("How long a service may take to start its cluster node before it gives up and exits.");
}
