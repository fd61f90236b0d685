package io.ebbflow.e2e.hosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Separate network hosts on one Linux machine: {@code n} network namespaces, each with its own loopback and
 * one interface, joined by a bridge through veth pairs, with private test addresses {@code 10.233.<net>.11},
 * {@code .12}, ...; the bridge itself is {@code 10.233.<net>.1}, so the test JVM (in the root namespace)
 * reaches every host and nothing else does. A service started on a host ({@code ip netns exec <ns> java ...})
 * sees only its own host's loopback and the bridge: anything that assumes loopback between services fails.
 *
 * <p>Faults: {@link #partition} takes a host's bridge-side link down (its packets are dropped, as on a
 * pulled cable: no reset, no refusal), {@link #heal} brings it back. Every namespace and link is removed by
 * {@link #close()}, and {@link #create} first removes what a crashed earlier run left, killing the processes
 * still running in its namespaces (the names carry the creating JVM's pid; only those of dead JVMs are removed).
 *
 * <p>Needs root and {@code ip netns}; {@link #unavailableReason()} says why not, for a test's assumption.
 */
public final class NetworkHosts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkHosts.class);
    /** Every name this class creates starts with it; the creator's pid follows. */
    static final String PREFIX = "ebh";

    private final String tag;
    private final String bridge;
    private final String subnet;
    private final List<Host> hosts = new ArrayList<>();
    /** The switch when links have latency ({@link #createWithLatency}); null on a kernel bridge. */
    private DelayHub hub;
    private boolean closed;

    /** One host: a namespace and the veth pair that joins it to the bridge. */
    public record Host(String name, String namespace, String address, String outerLink, String innerLink)
            implements ServiceHost {
        @Override
        public List<String> launcher() {
            return List.of("ip", "netns", "exec", namespace);
        }
    }

    private NetworkHosts(String tag, int net) {
        this.tag = tag;
        this.bridge = tag + "-b";
        this.subnet = "10.233." + net;
    }

    /**
     * Creates {@code n} hosts on a new bridge. On any failure what was made is removed again.
     *
     * @param net the third byte of the hosts' addresses (10.233.net.0/24), so concurrent sets do not collide
     */
    public static NetworkHosts create(int n, int net) throws IOException {
        return create(n, net, false);
    }

    /**
     * Creates {@code n} hosts joined by a {@link DelayHub} instead of a kernel bridge, so that links can be given
     * latency ({@link #latency}) where the kernel has no {@code tc netem}. Slower than a bridge (every frame
     * passes through a Python process): for latency tests only.
     */
    public static NetworkHosts createWithLatency(int n, int net) throws IOException {
        return create(n, net, true);
    }

    private static NetworkHosts create(int n, int net, boolean withHub) throws IOException {
        if (n < 1 || n > 20 || net < 1 || net > 254) {
            throw new IllegalArgumentException("expected 1-20 hosts on a net in [1, 254], got " + n + " on " + net);
        }
        removeLeftovers();
        long pid = ProcessHandle.current().pid();
        NetworkHosts h = new NetworkHosts(PREFIX + Long.toString(pid, 36) + String.format("%02d", net % 100), net);
        try {
            if (withHub) {
                h.setUpWithHub(n);
            } else {
                h.setUp(n);
            }
            return h;
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** Null when hosts can be made here, else why not (not root, no {@code ip}, no network namespaces). */
    public static String unavailableReason() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return "network hosts need Linux network namespaces";
        }
        try {
            Result id = run(List.of("id", "-u"));
            if (!id.output().trim().equals("0")) {
                return "network hosts need root (ip netns); running as uid " + id.output().trim();
            }
            String probe = PREFIX + "probe" + Long.toString(ProcessHandle.current().pid(), 36);
            Result add = run(List.of("ip", "netns", "add", probe));
            if (add.code() != 0) {
                return "cannot create a network namespace: " + add.output().trim();
            }
            run(List.of("ip", "netns", "del", probe));
            return null;
        } catch (IOException e) {
            return "cannot run 'ip': " + e.getMessage();
        }
    }

    private void setUp(int n) throws IOException {
        must("ip", "link", "add", bridge, "type", "bridge");
        must("ip", "addr", "add", subnet + ".1/24", "dev", bridge);
        must("ip", "link", "set", bridge, "up");
        for (int i = 1; i <= n; i++) {
            Host host = new Host("host" + i, tag + "-h" + i, subnet + "." + (10 + i), tag + "-o" + i, tag + "-i" + i);
            hosts.add(host);
            must("ip", "netns", "add", host.namespace());
            must("ip", "link", "add", host.outerLink(), "type", "veth", "peer", "name", host.innerLink());
            must("ip", "link", "set", host.innerLink(), "netns", host.namespace());
            must("ip", "link", "set", host.outerLink(), "master", bridge, "up");
            must("ip", "-n", host.namespace(), "addr", "add", host.address() + "/24", "dev", host.innerLink());
            must("ip", "-n", host.namespace(), "link", "set", host.innerLink(), "up");
            must("ip", "-n", host.namespace(), "link", "set", "lo", "up");
        }
        LOG.info("{} network hosts on bridge {} ({}.0/24): {}", n, bridge, subnet, hosts);
    }

    /** Like {@link #setUp}, with TAP devices of a {@link DelayHub} in place of the bridge and veth pairs. */
    private void setUpWithHub(int n) throws IOException {
        List<String> taps = new ArrayList<>();
        taps.add(bridge); // port 0 stays in the root namespace: the test JVM's side
        for (int i = 1; i <= n; i++) {
            hosts.add(new Host("host" + i, tag + "-h" + i, subnet + "." + (10 + i), tag + "-t" + i, tag + "-t" + i));
            taps.add(tag + "-t" + i);
        }
        hub = DelayHub.start(taps);
        must("ip", "addr", "add", subnet + ".1/24", "dev", bridge);
        must("ip", "link", "set", bridge, "up");
        for (Host host : hosts) {
            must("ip", "netns", "add", host.namespace());
            must("ip", "link", "set", host.innerLink(), "netns", host.namespace());
            must("ip", "-n", host.namespace(), "addr", "add", host.address() + "/24", "dev", host.innerLink());
            must("ip", "-n", host.namespace(), "link", "set", host.innerLink(), "up");
            must("ip", "-n", host.namespace(), "link", "set", "lo", "up");
        }
        LOG.info("{} network hosts on a delay hub ({}.0/24): {}", n, subnet, hosts);
    }

    /**
     * Everything {@code host} sends reaches the other hosts {@code base} +- {@code jitter} later (uniform; between
     * two hosts both given latency, each direction has its sender's). Only for hosts made by
     * {@link #createWithLatency}.
     */
    public void latency(Host host, java.time.Duration base, java.time.Duration jitter) throws IOException {
        if (hub == null) {
            throw new IllegalStateException("latency needs hosts made by NetworkHosts.createWithLatency: this kernel "
                    + "bridge has no delay, and this machine's kernel may have no 'tc netem'");
        }
        hub.delay(hosts.indexOf(host) + 1, base, jitter);
        LOG.info("{} ({}) sends with {} ms +- {} ms latency", host.name(), host.address(), base.toMillis(), jitter.toMillis());
    }

    public List<Host> hosts() {
        return List.copyOf(hosts);
    }

    /** Host {@code i}, counted from 1 (address {@code 10.233.<net>.<10 + i>}). */
    public Host host(int i) {
        return hosts.get(i - 1);
    }

    /** The bridge's address: where the test JVM appears to the hosts. */
    public String bridgeAddress() {
        return subnet + ".1";
    }

    /** Cuts {@code host} off the network: nothing goes in or out until {@link #heal}. */
    public void partition(Host host) throws IOException {
        if (hub != null) {
            hub.cut(hosts.indexOf(host) + 1);
            LOG.info("Partitioned {} ({})", host.name(), host.address());
            return;
        }
        must("ip", "link", "set", host.outerLink(), "down");
        LOG.info("Partitioned {} ({})", host.name(), host.address());
    }

    /** Joins {@code host} to the network again. */
    public void heal(Host host) throws IOException {
        if (hub != null) {
            hub.heal(hosts.indexOf(host) + 1);
            LOG.info("Healed {} ({})", host.name(), host.address());
            return;
        }
        must("ip", "link", "set", host.outerLink(), "master", bridge, "up");
        LOG.info("Healed {} ({})", host.name(), host.address());
    }

    /** Removes every namespace, veth pair and the bridge; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Host h : hosts) {
            quietly("ip", "netns", "del", h.namespace()); // also removes the veth pair
            quietly("ip", "link", "del", h.outerLink());
        }
        quietly("ip", "link", "del", bridge);
        if (hub != null) {
            hub.close(); // its TAP devices go with it
        }
    }

    /** Removes namespaces and links of this class whose creating JVM is gone (a crashed run). */
    static void removeLeftovers() throws IOException {
        for (String ns : run(List.of("ip", "netns", "list")).output().split("\n")) {
            String name = ns.trim().split(" ")[0];
            if (isLeftover(name)) {
                // Services a crashed test JVM left running there would keep the namespace alive (and use the CPU).
                String pids = run(List.of("ip", "netns", "pids", name)).output().trim();
                LOG.info("Removing network namespace {} left by a previous run (killing its processes: {})", name,
                        pids.isEmpty() ? "none" : pids.replace('\n', ' '));
                for (String pid : pids.split("\\s+")) {
                    if (!pid.isEmpty()) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                quietly("ip", "netns", "del", name);
            }
        }
        for (String line : run(List.of("ip", "-o", "link", "show")).output().split("\n")) {
            String[] parts = line.split(": ");
            if (parts.length > 1) {
                String name = parts[1].split("@")[0].trim();
                if (isLeftover(name)) {
                    LOG.info("Removing link {} left by a previous run", name);
                    quietly("ip", "link", "del", name);
                }
            }
        }
    }

    /** A name made by a JVM that no longer runs: {@code ebh<pid, base 36><net, 2 digits>-<suffix>}. */
    static boolean isLeftover(String name) {
        int dash = name.indexOf('-');
        if (!name.startsWith(PREFIX) || name.startsWith(PREFIX + "probe") || dash < PREFIX.length() + 3) {
            return false;
        }
        try {
            long pid = Long.parseLong(name.substring(PREFIX.length(), dash - 2), 36);
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void must(String... cmd) throws IOException {
        Result r = run(List.of(cmd));
        if (r.code() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (exit " + r.code() + "): " + r.output().trim());
        }
    }

    private static void quietly(String... cmd) {
        try {
            run(List.of(cmd));
        } catch (IOException e) {
            LOG.debug("{}: {}", String.join(" ", cmd), e.toString());
        }
    }

    record Result(int code, String output) {
    }

    static Result run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within 30 s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
