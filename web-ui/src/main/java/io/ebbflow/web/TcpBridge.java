package io.ebbflow.web;

import io.ebbflow.core.protocol.Addresses;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge ({@code eventbus.tcp-bridge.port}, -1 for none) for clients outside the JVM:
 * they may receive the status addresses ({@code ebbflow.status.*}) and ask the read-only queries
 * {@link Addresses#QUERY_CLUSTER}, {@link Addresses#QUERY_JOBS} and {@link Addresses#QUERY_JOB} (body
 * {@code {"jobId": ...}}), answered here from the {@link StatusPublisher}; anything else they send is
 * refused and logged.
 */
final class TcpBridge {

    private static final Logger LOG = LoggerFactory.getLogger(TcpBridge.class);

    private final Vertx vertx;
    private final StatusPublisher status;
    private final io.ebbflow.core.security.SecurityRefusals refusals;
    private TcpEventBusBridge bridge;

    private final java.util.Optional<io.ebbflow.core.security.Tls> tls;

    /** @param tls the internal TLS set-up: bridge clients then need a certificate the cluster trusts */
    TcpBridge(Vertx vertx, StatusPublisher status, io.ebbflow.core.security.SecurityRefusals refusals,
            java.util.Optional<io.ebbflow.core.security.Tls> tls) {
        this.tls = tls;
        this.vertx = vertx;
        this.status = status;
        this.refusals = refusals;
    }

    /** Answers the queries (on this node's event bus) and, unless {@code port} is -1, listens on it. */
    Future<Void> start(String host, int port) {
        vertx.eventBus().<Object>localConsumer(Addresses.QUERY_CLUSTER, m -> status.cluster()
                .onComplete(ar -> answer(m, ar)));
        vertx.eventBus().<Object>localConsumer(Addresses.QUERY_JOBS, m -> status.jobList().onComplete(ar -> answer(m, ar)));
        vertx.eventBus().<Object>localConsumer(Addresses.QUERY_JOB, m -> {
            String jobId = m.body() instanceof JsonObject o ? o.getString("jobId") : null;
            if (jobId == null) {
                m.fail(400, "expected {\"jobId\": \"...\"}");
                return;
            }
            status.job(jobId).onComplete(ar -> answer(m, ar));
        });
        if (port < 0) {
            return Future.succeededFuture();
        }
        BridgeOptions options = new BridgeOptions().addOutboundPermitted(BridgeAddresses.status())
                .addInboundPermitted(BridgeAddresses.queries());
        NetServerOptions server = new NetServerOptions();
        tls.ifPresent(t -> t.server(server));
        return TcpEventBusBridge.create(vertx, options, server, this::logRefused).listen(port, host)
                .map(b -> {
                    bridge = b;
                    LOG.info("TCP event-bus bridge at {}:{} (status: {}*, queries: {}*)", host, port, Addresses.STATUS,
                            Addresses.QUERY);
                    return null;
                });
    }

    void close() {
        if (bridge != null) {
            bridge.close();
        }
    }

    /** The bridge's permissions refuse what is not a query; this says so in the log and counts it. */
    private void logRefused(BridgeEvent event) {
        if ((event.type() == BridgeEventType.SEND || event.type() == BridgeEventType.PUBLISH)
                && event.getRawMessage() != null) {
            String address = String.valueOf(event.getRawMessage().getValue("address"));
            if (!BridgeAddresses.isQuery(address)) {
                refusals.countOnly("bridge", "inbound");
                LOG.warn("Refused a message a TCP bridge client sent to '{}'", address);
            }
        }
        event.complete(true);
    }

    private static void answer(Message<Object> m, AsyncResult<JsonObject> ar) {
        if (ar.succeeded()) {
            m.reply(ar.result());
        } else {
            LOG.debug("Could not answer a query on '{}': {}", m.address(), String.valueOf(ar.cause()));
            m.fail(404, String.valueOf(ar.cause().getMessage()));
        }
    }
}
