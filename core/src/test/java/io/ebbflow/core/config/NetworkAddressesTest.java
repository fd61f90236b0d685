package io.ebbflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import io.ebbflow.core.cluster.ClusterBootstrap;
import io.ebbflow.core.cluster.MemberRole;
import io.ebbflow.core.config.options.ClusterOptions;
import io.ebbflow.core.config.options.JobManagerOptions;
import io.ebbflow.core.config.options.RestOptions;
import io.ebbflow.core.config.options.TaskManagerOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which address a service binds and which it announces, from the cluster's and the service's own keys. */
class NetworkAddressesTest {

    private final ConfigLoader loader = ConfigLoader.forAllOptions();

    @Test
    void oneMachineNeedsNoConfigurationEverythingIsOnLoopback() {
        Configuration c = loader.load(null, Map.of());
        NetworkAddresses a = NetworkAddresses.of(c);
        assertThat(a).isEqualTo(new NetworkAddresses("127.0.0.1", "127.0.0.1"));
        assertThat(a.bindsAll()).isFalse();
        assertThat(a.bindsElsewhere()).isFalse();
        assertThat(NetworkAddresses.restAddress(c)).isEqualTo("127.0.0.1");
        Config hz = ClusterBootstrap.hazelcastConfig(c);
        assertThat(hz.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        assertThat(hz.getNetworkConfig().getPublicAddress()).isNull();
        assertThat(hz.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    }

    @Test
    void theBindHostDefaultsToTheAnnouncedHost() {
        Configuration c = loader.load(null, Map.of("cluster.host", "10.233.1.11"));
        assertThat(NetworkAddresses.of(c)).isEqualTo(new NetworkAddresses("10.233.1.11", "10.233.1.11"));
        assertThat(ClusterBootstrap.hazelcastConfig(c).getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
                .as("with no seed members, the member looks for peers on its own address").containsExactly("10.233.1.11");
    }

    @Test
    void aWildcardBindListensEverywhereAndAnnouncesTheHost() {
        Configuration c = loader.load(null, Map.of("cluster.host", "10.233.1.11", "cluster.bind-host", "0.0.0.0",
                "cluster.members", "10.233.1.10:5701,10.233.1.12"));
        NetworkAddresses a = NetworkAddresses.of(c);
        assertThat(a.bindsAll()).isTrue();
        assertThat(a.advertisedHost()).isEqualTo("10.233.1.11");
        Config hz = ClusterBootstrap.hazelcastConfig(c, MemberRole.LITE);
        assertThat(hz.getProperty("hazelcast.socket.bind.any")).isEqualTo("true");
        assertThat(hz.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.233.1.11");
        assertThat(hz.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
                .containsExactly("10.233.1.10:5701", "10.233.1.12");
    }

    @Test
    void aSpecificBindElsewhereAnnouncesThePublicAddress() {
        Configuration c = loader.load(null, Map.of("cluster.host", "192.0.2.7", "cluster.bind-host", "127.0.0.1"));
        Config hz = ClusterBootstrap.hazelcastConfig(c);
        assertThat(hz.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        assertThat(hz.getNetworkConfig().getPublicAddress()).isEqualTo("192.0.2.7");
    }

    @Test
    void aTaskExecutorsOwnKeysStandForTheClusterKeys() {
        Configuration c = loader.load(null, Map.of("cluster.host", "10.233.1.2", "taskmanager.host", "10.233.1.11",
                "taskmanager.bind-host", "0.0.0.0"));
        Configuration te = NetworkAddresses.withServiceKeys(c, TaskManagerOptions.HOST, TaskManagerOptions.BIND_HOST);
        assertThat(NetworkAddresses.of(te)).isEqualTo(new NetworkAddresses("0.0.0.0", "10.233.1.11"));
        // Another service reading the same file keeps the cluster's keys.
        Configuration jm = NetworkAddresses.withServiceKeys(c, null, JobManagerOptions.BIND_HOST);
        assertThat(NetworkAddresses.of(jm)).isEqualTo(new NetworkAddresses("10.233.1.2", "10.233.1.2"));
    }

    @Test
    void aJobMastersBindHostStandsForTheClusterBindHost() {
        Configuration c = loader.load(null, Map.of("cluster.host", "10.233.1.3", "jobmanager.bind-host", "0.0.0.0"));
        Configuration jm = NetworkAddresses.withServiceKeys(c, null, JobManagerOptions.BIND_HOST);
        assertThat(NetworkAddresses.of(jm)).isEqualTo(new NetworkAddresses("0.0.0.0", "10.233.1.3"));
    }

    @Test
    void theRestAddressFollowsTheBindAddressUnlessItIsAWildcard() {
        assertThat(NetworkAddresses.restAddress(loader.load(null, Map.of("rest.bind-address", "10.233.1.4"))))
                .isEqualTo("10.233.1.4");
        assertThat(NetworkAddresses.restAddress(loader.load(null, Map.of("rest.bind-address", "0.0.0.0",
                "cluster.host", "10.233.1.4")))).isEqualTo("10.233.1.4");
        assertThat(NetworkAddresses.restAddress(loader.load(null, Map.of("rest.bind-address", "0.0.0.0",
                "rest.address", "ebbflow.example.org")))).isEqualTo("ebbflow.example.org");
        assertThat(loader.load(null, Map.of()).getOptional(RestOptions.ADDRESS)).isEmpty();
    }

    @Test
    void aWildcardCannotBeAnnouncedAndTheErrorNamesTheKeyAndTheFix() {
        for (String key : new String[] {"cluster.host", "taskmanager.host", "rest.address"}) {
            assertThatThrownBy(() -> loader.load(null, Map.of(key, "0.0.0.0")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(key).hasMessageContaining("wildcard")
                    .hasMessageContaining(ClusterOptions.BIND_HOST.key());
        }
    }

    @Test
    void anUnknownBindHostIsRefusedNamingItsKey() {
        Configuration c = loader.load(null, Map.of("cluster.bind-host", "no-such-host.invalid"));
        assertThatThrownBy(() -> ClusterBootstrap.hazelcastConfig(c)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'cluster.bind-host' = 'no-such-host.invalid': unknown host");
    }
}
