package io.ebbflow.web;

import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.RestOptions;
import io.vertx.core.Vertx;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import java.util.List;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SockJS event-bus bridge at {@code /eventbus} for the dashboard: browsers may only receive the status
 * addresses ({@code ebbflow.status.*}); whatever they send or publish is refused and logged (requests go
 * through REST). Sessions from origins other than the dashboard's own (or {@code rest.allowed-origins}) are
 * refused with 403.
 */
final class SockJsBridge {

    private static final Logger LOG = LoggerFactory.getLogger(SockJsBridge.class);

    private final Vertx vertx;
    private final Configuration config;
    private final IntSupplier port;
    private final io.ebbflow.core.security.SecurityRefusals refusals;

    /** {@code port}: the REST port, known once the server listens (the dashboard's own origin has it). */
    SockJsBridge(Vertx vertx, Configuration config, IntSupplier port, io.ebbflow.core.security.SecurityRefusals refusals) {
        this.vertx = vertx;
        this.config = config;
        this.port = port;
        this.refusals = refusals;
    }

    void mount(Router router) {
        router.route("/eventbus/*").handler(this::checkOrigin);
        router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx)
                .bridge(new SockJSBridgeOptions().addOutboundPermitted(BridgeAddresses.status()), this::refuseInbound));
    }

    private void checkOrigin(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        List<String> allowed = allowedOrigins();
        if (origin != null && !allowed.contains(origin)) {
            refusals.refused("bridge", "origin", origin, "an event-bus bridge session from origin " + origin
                    + " (allowed: " + allowed + ")");
            HttpErrors.send(ctx, HttpErrors.forbiddenOrigin(origin));
            return;
        }
        ctx.next();
    }

    /** The origins browsers may come from: {@code rest.allowed-origins}, or the dashboard's own. */
    List<String> allowedOrigins() {
        int p = port.getAsInt();
        return config.getOptional(RestOptions.ALLOWED_ORIGINS).orElseGet(() -> List.of(
                scheme() + io.ebbflow.core.config.NetworkAddresses.restAddress(config) + ":" + p, scheme() + "localhost:" + p,
                scheme() + "127.0.0.1:" + p));
    }

    private String scheme() {
        return config.get(io.ebbflow.core.config.options.SecurityOptions.SSL_REST_ENABLED) ? "https://" : "http://";
    }

    private void refuseInbound(BridgeEvent event) {
        if (event.type() == BridgeEventType.SEND || event.type() == BridgeEventType.PUBLISH) {
            // Logged one by one as before (a browser's session sends few), and counted with the other refusals.
            refusals.countOnly("bridge", "inbound");
            LOG.warn("Refused a message a browser sent to '{}' over the event-bus bridge: the bridge only "
                    + "delivers status; use the REST API", event.getRawMessage() == null ? "?"
                            : event.getRawMessage().getString("address"));
            event.complete(false);
        } else {
            event.complete(true);
        }
    }
}
