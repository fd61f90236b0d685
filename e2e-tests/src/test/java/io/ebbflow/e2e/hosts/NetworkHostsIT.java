package io.ebbflow.e2e.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.e2e.hosts.NetworkHosts.Host;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The harness itself: hosts reach each other and the test JVM over the bridge, not over a shared loopback; a
 * partition cuts a host off until it is healed; latency delays what a host sends; everything is removed on
 * close, and what a dead JVM left behind is recognised as a leftover.
 */
class NetworkHostsIT {

    private static final int PORT = 18_080;
    private final List<Process> listeners = new ArrayList<>();

    @BeforeEach
    void requireNamespaces() {
        NetworkHostsExtension.assumeAvailable();
    }

    @AfterEach
    void stopListeners() {
        listeners.forEach(Process::destroyForcibly);
    }

    @Test
    void hostsAreSeparateAndAPartitionCutsOneOffUntilHealed() throws Exception {
        String namespaces;
        try (NetworkHosts hosts = NetworkHosts.create(2, 63)) {
            Host two = hosts.host(2);
            listen(two);
            await().atMost(Duration.ofSeconds(30)).until(() -> reachable(two.address()));
            assertThat(reachable("127.0.0.1")).as("the host's listener is not on the test JVM's loopback").isFalse();
            assertThat(run(hosts.host(1), "bash", "-c", "exec 3<>/dev/tcp/" + two.address() + "/" + PORT)).isZero();
            assertThat(run(hosts.host(1), "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + PORT))
                    .as("host 1's loopback is its own").isNotZero();

            hosts.partition(two);
            assertThat(reachable(two.address())).isFalse();
            hosts.heal(two);
            await().atMost(Duration.ofSeconds(30)).until(() -> reachable(two.address()));
            namespaces = two.namespace();
        }
        assertThat(NetworkHosts.run(List.of("ip", "netns", "list")).output()).doesNotContain(namespaces);
        assertThat(NetworkHosts.run(List.of("ip", "link", "show")).output()).doesNotContain(namespaces.replace("-h2", "-"));
    }

    @Test
    void latencyDelaysWhatAHostSends() throws Exception {
        try (NetworkHosts hosts = NetworkHosts.createWithLatency(1, 64)) {
            Host one = hosts.host(1);
            listen(one);
            await().atMost(Duration.ofSeconds(30)).until(() -> reachable(one.address()));
            long plain = connectMillis(one.address());
            hosts.latency(one, Duration.ofMillis(50), Duration.ofMillis(20));
            long delayed = connectMillis(one.address());
            System.out.println("connect to a host: " + plain + " ms; with 50 +- 20 ms latency: " + delayed + " ms");
            assertThat(delayed).as("the SYN-ACK is held 30-70 ms").isGreaterThanOrEqualTo(30);
            hosts.partition(one);
            assertThat(reachable(one.address())).isFalse();
        }
    }

    @Test
    void onlyNamesOfDeadJvmsAreLeftovers() {
        String mine = NetworkHosts.PREFIX + Long.toString(ProcessHandle.current().pid(), 36) + "61";
        assertThat(NetworkHosts.isLeftover(mine + "-h1")).isFalse();
        assertThat(NetworkHosts.isLeftover(mine + "-b")).isFalse();
        long dead = 4_194_000; // at or above most kernels' pid_max; checked not to run below
        Assumptions.assumeTrue(ProcessHandle.of(dead).isEmpty());
        String theirs = NetworkHosts.PREFIX + Long.toString(dead, 36) + "07";
        assertThat(NetworkHosts.isLeftover(theirs + "-h3")).isTrue();
        assertThat(NetworkHosts.isLeftover(theirs + "-o3")).isTrue();
        assertThat(NetworkHosts.isLeftover("eth0")).isFalse();
        assertThat(NetworkHosts.isLeftover("ebhprobe123")).isFalse();
    }

    @Test
    void whatACrashedRunLeftIsRemovedWithTheProcessesInIt() throws Exception {
        long dead = 4_194_001;
        Assumptions.assumeTrue(ProcessHandle.of(dead).isEmpty());
        String tag = NetworkHosts.PREFIX + Long.toString(dead, 36) + "09";
        try {
            assertThat(NetworkHosts.run(List.of("ip", "netns", "add", tag + "-h1")).code()).isZero();
            assertThat(NetworkHosts.run(List.of("ip", "link", "add", tag + "-b", "type", "bridge")).code()).isZero();
            Process orphan = new ProcessBuilder("ip", "netns", "exec", tag + "-h1", "sleep", "600").start();
            await().atMost(Duration.ofSeconds(10)).until(() -> !NetworkHosts.run(List.of("ip", "netns", "pids",
                    tag + "-h1")).output().isBlank());

            NetworkHosts.create(1, 65).close();

            assertThat(orphan.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("the orphan was killed").isTrue();
            assertThat(NetworkHosts.run(List.of("ip", "netns", "list")).output()).doesNotContain(tag);
            assertThat(NetworkHosts.run(List.of("ip", "link", "show")).output()).doesNotContain(tag);
        } finally {
            NetworkHosts.run(List.of("ip", "netns", "del", tag + "-h1"));
            NetworkHosts.run(List.of("ip", "link", "del", tag + "-b"));
        }
    }

    private void listen(Host host) throws IOException {
        List<String> cmd = new ArrayList<>(host.launcher());
        cmd.addAll(List.of("python3", "-m", "http.server", "--bind", host.address(), Integer.toString(PORT)));
        listeners.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }

    private static int run(Host host, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(host.launcher());
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static boolean reachable(String address) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, PORT), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long connectMillis(String address) throws IOException {
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, PORT), 5000);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
