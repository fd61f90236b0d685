package io.ebbflow.core.metrics;

import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.PortRange;
import io.ebbflow.core.config.NetworkAddresses;
import io.ebbflow.core.config.options.MetricOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves this process's Prometheus metrics at {@code /metrics} on the first free port of
 * {@code metrics.reporter.prom.port}, bound to the service's bind address ({@link NetworkAddresses}).
 */
public final class MetricsServer {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private MetricsServer() {
    }

    /** Starts the server, or completes with null when Prometheus metrics are disabled. */
    public static Future<HttpServer> start(Vertx vertx, Configuration config) {
        if (!config.get(MetricOptions.PROMETHEUS_ENABLED)) {
            return Future.succeededFuture(null);
        }
        PortRange range = PortRange.parse(config.get(MetricOptions.PROMETHEUS_PORT));
        NetworkAddresses addresses = NetworkAddresses.of(config);
        Router router = Router.router(vertx);
        router.route("/metrics").handler(PrometheusScrapingHandler.create());
        return tryListen(vertx, router, addresses.bindHost(), range, range.first())
                .onSuccess(s -> LOG.info("Prometheus metrics at http://{}:{}/metrics", addresses.advertisedHost(),
                        s.actualPort()));
    }

    private static Future<HttpServer> tryListen(Vertx vertx, Router router, String host, PortRange range, int port) {
        return vertx.createHttpServer().requestHandler(router).listen(port, host)
                .recover(e -> {
                    if (port >= range.last()) {
                        return Future.failedFuture(new IllegalStateException("no free port for metrics in "
                                + range + " (" + MetricOptions.PROMETHEUS_PORT.key() + "): " + e.getMessage(), e));
                    }
                    return tryListen(vertx, router, host, range, port + 1);
                });
    }
}
