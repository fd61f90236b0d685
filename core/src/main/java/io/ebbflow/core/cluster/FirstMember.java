package io.ebbflow.core.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.TcpIpConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who forms a cluster of services launched together on one host, without a member list. Left to Hazelcast's TCP
 * join, every member first asks the whole port range for a master for a full connection timeout (1 s), then the
 * member with the lowest address claims mastership and waits for every peer's vote, up to a fixed 10 s when a peer
 * has bound its port but does not answer yet (five JVMs starting on two cores): the formation took 10-15 s in about
 * one launch in six.
 *
 * <p>When no port of the range is bound as a service starts, no cluster runs there: the member that binds the
 * range's first port is designated the first member (Hazelcast's required member). It makes itself master at once,
 * and every other member sends its join request straight to it. When some port is bound, a cluster runs (or is
 * forming) and the ordinary join applies, so a newcomer on a first port its former holder left never forms a
 * cluster of its own beside a running one. The designation holds for the first join only: afterwards
 * ({@link #release}) a member that must join again (after a split, say) looks for any member of the range.
 *
 * <p>Measured with {@code cluster-formation} (docs/benchmarks.md): five services launched together formed the
 * cluster about 0.7 s sooner at the median. If another program bound the first port between the check and the
 * member's own bind, the member would wait for a first member that never answers, and fail after
 * {@code cluster.join-timeout}.
 */
final class FirstMember {

    private static final Logger LOG = LoggerFactory.getLogger(FirstMember.class);

    private FirstMember() {
    }

    /**
     * Designates the range's first port as the first member in {@code hz} when no member list is configured and no
     * port of the range is bound on {@code bindHost}; returns whether it did.
     */
    static boolean designate(Config hz, String bindHost, int port, int portCount, boolean membersListed) {
        if (membersListed || portCount <= 1 || anyBound(bindHost, port, portCount)) {
            return false;
        }
        TcpIpConfig tcp = hz.getNetworkConfig().getJoin().getTcpIpConfig();
        String advertised = tcp.getMembers().get(0);
        tcp.setRequiredMember(advertised + ":" + port);
        LOG.info("No member runs on ports {}-{} yet: the one on port {} forms the cluster, the others join it", port,
                port + portCount - 1, port);
        return true;
    }

    /** The first join is done: a later one looks for any member of the range again. */
    static void release(Config hz) {
        hz.getNetworkConfig().getJoin().getTcpIpConfig().setRequiredMember(null);
    }

    /** Whether some port of the range is bound on the host (tried by binding it, so no peer sees a connection). */
    static boolean anyBound(String bindHost, int port, int portCount) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bindHost);
        } catch (IOException e) {
            return true;
        }
        for (int p = port; p < port + portCount; p++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(address, p), 1);
            } catch (IOException bound) {
                return true;
            }
        }
        return false;
    }
}
