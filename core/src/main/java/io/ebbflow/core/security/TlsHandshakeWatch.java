package io.ebbflow.core.security;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the failed TLS handshakes of listeners that Vert.x gives no hook for: the clustered event bus's server
 * (Vert.x builds it from a JSON copy of the options, so no object of ours reaches it, and it sets no exception
 * handler) and the TCP bridge's. A client without a certificate never reaches a trust manager (the JDK refuses an
 * empty chain itself), so the watch sits in the connection's pipeline instead: {@link HandshakeWatchingTransport}
 * puts a handler behind every TLS server's SSL handler, and this class hears of each handshake that failed.
 *
 * <p>Only ports named with {@link #watch} are reported (as {@code channel="tls"}, {@code reason=<name>}); the data
 * plane, the blob server and REST count their own refusals through their servers' exception handlers.
 *
 * <p>Thread-safe: event loops report here.
 */
public final class TlsHandshakeWatch {

    private static final Logger LOG = LoggerFactory.getLogger(TlsHandshakeWatch.class);

    private final Map<Integer, String> listeners = new ConcurrentHashMap<>();
    private volatile SecurityRefusals refusals;

    /** Where refusals are counted and logged from now on (a service's own, tagged with its name). */
    public void reportTo(SecurityRefusals refusals) {
        this.refusals = refusals;
    }

    /** Reports failed handshakes on this local port as refusals with this reason ({@code event-bus}, {@code bridge}). */
    public void watch(int port, String name) {
        listeners.put(port, name);
    }

    /** The watched ports and their names. */
    public Map<Integer, String> watched() {
        return Map.copyOf(listeners);
    }

    /** A Vert.x transport (NIO) whose TLS servers report their failed handshakes here. */
    public io.vertx.core.transport.Transport transport() {
        return new HandshakeWatchingTransport(this);
    }

    /** A handshake on a server's connection failed; counted if the server's port is watched and it was TLS that failed. */
    void failed(SocketAddress local, SocketAddress remote, Throwable cause) {
        String name = local instanceof InetSocketAddress a ? listeners.get(a.getPort()) : null;
        if (name == null || !Tls.isHandshakeFailure(cause)) {
            LOG.debug("A TLS handshake on {} from {} failed: {}", local, remote, String.valueOf(cause));
            return;
        }
        String source = remote instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : String.valueOf(remote);
        String detail = "a connection without a trusted certificate: " + SecurityRefusals.abbreviate(String.valueOf(cause));
        SecurityRefusals to = refusals;
        if (to != null) {
            to.refused("tls", name, source, detail);
        } else {
            LOG.warn("Refused on tls from {} ({}): {}", source, name, detail);
        }
    }
}
