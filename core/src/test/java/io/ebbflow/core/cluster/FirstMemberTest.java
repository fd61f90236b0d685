package io.ebbflow.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.ClusterOptions;
import io.ebbflow.core.config.options.MetricOptions;
import io.ebbflow.core.testing.TestClusters;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Services launched together on one host without a member list form their cluster around the first port of the
 * range; a service that comes while a cluster runs there joins it the ordinary way, even on a first port its former
 * holder left.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FirstMemberTest {

    private static final int PORTS = 5;
    private final List<HazelcastInstance> members = new ArrayList<>();

    @AfterEach
    void stop() {
        members.forEach(ClusterBootstrap::shutdownQuietly);
    }

    @Test
    void aBoundPortAnywhereInTheRangeIsSeen() throws Exception {
        int base = freeRange();
        assertThat(FirstMember.anyBound("127.0.0.1", base, PORTS)).isFalse();
        try (ServerSocket s = new ServerSocket(base + PORTS - 1, 1, InetAddress.getLoopbackAddress())) {
            assertThat(FirstMember.anyBound("127.0.0.1", base, PORTS)).isTrue();
            assertThat(FirstMember.anyBound("127.0.0.1", base, PORTS - 1)).isFalse();
        }
    }

    @Test
    void aRangeWithoutMembersDesignatesItsFirstPortForTheFirstJoinOnly() throws Exception {
        int base = freeRange();
        Config hz = ClusterBootstrap.memberConfig(config(TestClusters.uniqueName(), base), MemberRole.DATA);
        assertThat(hz.getNetworkConfig().getJoin().getTcpIpConfig().getRequiredMember()).isEqualTo("127.0.0.1:" + base);
        FirstMember.release(hz);
        assertThat(hz.getNetworkConfig().getJoin().getTcpIpConfig().getRequiredMember()).isNull();

        Configuration listed = config(TestClusters.uniqueName(), base).with(ClusterOptions.MEMBERS, List.of("127.0.0.1"));
        assertThat(ClusterBootstrap.memberConfig(listed, MemberRole.DATA).getNetworkConfig().getJoin().getTcpIpConfig()
                .getRequiredMember()).isNull();
        try (ServerSocket s = new ServerSocket(base + 2, 1, InetAddress.getLoopbackAddress())) {
            assertThat(ClusterBootstrap.memberConfig(config(TestClusters.uniqueName(), base), MemberRole.DATA)
                    .getNetworkConfig().getJoin().getTcpIpConfig().getRequiredMember()).isNull();
        }
    }

    @Test
    void membersLaunchedTogetherFormOneClusterWhoseMasterHasTheFirstPort() throws Exception {
        String name = TestClusters.uniqueName();
        int base = freeRange();
        // Every configuration is made (and the range checked) before any member binds, as in a simultaneous launch.
        List<Config> configs = new ArrayList<>();
        for (MemberRole role : List.of(MemberRole.LITE, MemberRole.DATA, MemberRole.DATA)) {
            configs.add(ClusterBootstrap.memberConfig(config(name, base), role));
        }
        List<CompletableFuture<HazelcastInstance>> started = configs.stream()
                .map(c -> CompletableFuture.supplyAsync(() -> startMember(c, MemberRole.DATA))).collect(Collectors.toList());
        for (CompletableFuture<HazelcastInstance> f : started) {
            members.add(f.get(90, TimeUnit.SECONDS));
        }
        for (HazelcastInstance m : members) {
            assertThat(m.getCluster().getMembers()).hasSize(3);
            Member master = m.getCluster().getMembers().iterator().next();
            assertThat(master.getAddress().getPort()).isEqualTo(base);
        }
        configs.forEach(c -> assertThat(c.getNetworkConfig().getJoin().getTcpIpConfig().getRequiredMember()).isNull());
    }

    @Test
    void aNewcomerOnTheFirstPortItsFormerHolderLeftJoinsTheClusterThatRunsOnTheOthers() throws Exception {
        String name = TestClusters.uniqueName();
        int base = freeRange();
        HazelcastInstance first = startMember(ClusterBootstrap.memberConfig(config(name, base), MemberRole.DATA),
                MemberRole.DATA);
        members.add(first);
        members.add(startMember(ClusterBootstrap.memberConfig(config(name, base), MemberRole.DATA), MemberRole.DATA));
        members.add(startMember(ClusterBootstrap.memberConfig(config(name, base), MemberRole.DATA), MemberRole.DATA));
        assertThat(first.getCluster().getLocalMember().getAddress().getPort()).isEqualTo(base);
        first.getLifecycleService().terminate();
        members.remove(first);
        await().atMost(Duration.ofSeconds(60)).until(() -> members.get(0).getCluster().getMembers().size() == 2
                && !FirstMember.anyBound("127.0.0.1", base, 1));

        Config newcomer = ClusterBootstrap.memberConfig(config(name, base), MemberRole.DATA);
        assertThat(newcomer.getNetworkConfig().getJoin().getTcpIpConfig().getRequiredMember()).isNull();
        HazelcastInstance third = startMember(newcomer, MemberRole.DATA);
        members.add(third);
        assertThat(third.getCluster().getLocalMember().getAddress().getPort()).isEqualTo(base);
        assertThat(third.getCluster().getMembers()).hasSize(3);
        assertThat(members.get(0).getCluster().getMembers()).hasSize(3);
    }

    private static HazelcastInstance startMember(Config hz, MemberRole role) {
        try {
            return ClusterBootstrap.startMember(hz, role, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Configuration config(String name, int base) {
        return Configuration.builder()
                .set(ClusterOptions.NAME, name)
                .set(ClusterOptions.PORT, base)
                .set(ClusterOptions.PORT_COUNT, PORTS)
                .set(MetricOptions.PROMETHEUS_ENABLED, false)
                .build();
    }

    /** A range of ports, below the ephemeral ones, none of which is bound now. */
    private int freeRange() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int base = 15_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(17_000);
            if (!FirstMember.anyBound("127.0.0.1", base, PORTS)) {
                return base;
            }
        }
        throw new IllegalStateException("no free range of " + PORTS + " ports");
    }
}
