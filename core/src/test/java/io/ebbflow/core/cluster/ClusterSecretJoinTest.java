package io.ebbflow.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.ebbflow.core.config.ConfigException;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.SecurityOptions;
import io.ebbflow.core.security.ClusterSecret;
import io.ebbflow.core.testing.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** With a cluster secret, Hazelcast members join only members that have the same secret. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterSecretJoinTest {

    private static final String SECRET = "correct horse battery staple";
    private final List<HazelcastInstance> members = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        members.forEach(ClusterBootstrap::shutdownQuietly);
    }

    @Test
    void aMemberWithoutTheSecretIsNotJoinedAndOneWithItIs() throws Exception {
        String name = TestClusters.uniqueName();
        List<Integer> ports = TestClusters.freePorts(3);
        HazelcastInstance first = start(name, ports.get(0), ports, SECRET);
        HazelcastInstance intruder = start(name, ports.get(1), ports, "another secret of the same size");
        HazelcastInstance noSecret = start(name, ports.get(2), ports, null);

        assertThat(first.getCluster().getMembers()).hasSize(1);
        assertThat(intruder.getCluster().getMembers()).hasSize(1);
        assertThat(noSecret.getCluster().getMembers()).hasSize(1);
        ClusterBootstrap.shutdownQuietly(noSecret);

        HazelcastInstance peer = start(name, ports.get(2), ports, SECRET);
        assertThat(peer.getCluster().getMembers()).hasSize(2);
        assertThat(first.getCluster().getMembers()).hasSize(2);
        assertThat(intruder.getCluster().getMembers()).hasSize(1);
    }

    @Test
    void theSecretNeverShowsInTheNameThatIsLogged() {
        Configuration config = Configuration.builder().set(io.ebbflow.core.config.options.ClusterOptions.NAME, "prod")
                .set(SecurityOptions.CLUSTER_SECRET, SECRET).build();
        String joinName = ClusterSecret.hazelcastClusterName(config);

        assertThat(joinName).startsWith("prod-").doesNotContain(SECRET).hasSize("prod-".length() + 32);
        assertThat(ClusterSecret.forLog(joinName)).isEqualTo("prod (with the cluster secret)");
        // Hazelcast would print the join name at the head of every log line.
        assertThat(ClusterBootstrap.hazelcastConfig(config).getProperty("hazelcast.logging.details.enabled"))
                .isEqualTo("false");
    }

    @Test
    void aSecretFileOthersMayReadIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), SECRET);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Configuration config = Configuration.builder().set(SecurityOptions.CLUSTER_SECRET_FILE, file.toString()).build();

        assertThatThrownBy(() -> ClusterSecret.hazelcastClusterName(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("chmod 600").hasMessageNotContaining(SECRET);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(ClusterSecret.hazelcastClusterName(config)).isEqualTo(ClusterSecret.hazelcastClusterName(
                Configuration.builder().set(SecurityOptions.CLUSTER_SECRET, SECRET).build()));
    }

    private HazelcastInstance start(String name, int port, List<Integer> ports, String secret) {
        Configuration config = TestClusters.memberConfig(name, port, ports);
        if (secret != null) {
            config = config.with(SecurityOptions.CLUSTER_SECRET, secret);
        }
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(ClusterBootstrap.hazelcastConfig(config));
        members.add(hz);
        return hz;
    }
}
