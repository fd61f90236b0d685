package io.ebbflow.e2e.hosts;

import java.io.IOException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One set of {@link NetworkHosts} for a test class: made before its first test (or the class is skipped, saying
 * why, where namespaces cannot be made: not root, no {@code ip netns}), every host healed after each test, all of
 * it removed after the last one whatever happened. Register it as a static field with
 * {@code @RegisterExtension}.
 */
final class NetworkHostsExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final int count;
    private final int net;
    private final boolean withLatency;
    private NetworkHosts hosts;

    private NetworkHostsExtension(int count, int net, boolean withLatency) {
        this.count = count;
        this.net = net;
        this.withLatency = withLatency;
    }

    /** {@code count} hosts on a kernel bridge, at 10.233.{@code net}.11 and up. */
    static NetworkHostsExtension onBridge(int count, int net) {
        return new NetworkHostsExtension(count, net, false);
    }

    /** {@code count} hosts on a {@link DelayHub}, so that links can be given latency. */
    static NetworkHostsExtension withLatency(int count, int net) {
        return new NetworkHostsExtension(count, net, true);
    }

    /** Skips the calling test, saying why, unless network hosts can be made here. */
    static void assumeAvailable() {
        String unavailable = NetworkHosts.unavailableReason();
        Assumptions.assumeTrue(unavailable == null, () -> "skipped: " + unavailable
                + " (CI runs as root, where these tests must run)");
    }

    NetworkHosts hosts() {
        return hosts;
    }

    NetworkHosts.Host host(int i) {
        return hosts.host(i);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        assumeAvailable();
        hosts = withLatency ? NetworkHosts.createWithLatency(count, net) : NetworkHosts.create(count, net);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (hosts != null) {
            for (NetworkHosts.Host h : hosts.hosts()) {
                hosts.heal(h);
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (hosts != null) {
            hosts.close();
            hosts = null;
        }
    }
}
