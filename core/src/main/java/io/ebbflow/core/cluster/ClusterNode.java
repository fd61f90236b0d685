package io.ebbflow.core.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A started cluster member: its clustered Vert.x instance, its membership view and access to the
 * shared maps. Built by {@link ClusterBootstrap}.
 */
public interface ClusterNode {

    Vertx vertx();

    String nodeId();

    ClusterMembership membership();

    /** A shared map of records of the given type; the name should start with {@code ebbflow.}. */
    <T> SharedMap<T> map(String name, Class<T> type);

    /** The metrics registry of this process (Prometheus), or a simple one when metrics are off. */
    MeterRegistry meterRegistry();

    /**
     * The failed TLS handshakes of this node's servers that have no hook of their own (the event bus's, counted as
     * {@code reason="event-bus"}); a service names it where to count them. Unwatched by default (fakes, no TLS).
     */
    default io.ebbflow.core.security.TlsHandshakeWatch tlsHandshakes() {
        return new io.ebbflow.core.security.TlsHandshakeWatch();
    }

    /** Leaves the cluster and closes Vert.x. */
    Future<Void> close();
}
