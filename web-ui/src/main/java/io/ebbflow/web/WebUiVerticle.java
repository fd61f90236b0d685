package io.ebbflow.web;

import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.RestOptions;
import io.ebbflow.core.config.options.RpcOptions;
import io.ebbflow.core.ha.AsyncDurableStore;
import io.ebbflow.core.ha.DurableStore;
import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.JobMasterGateway;
import io.ebbflow.core.protocol.ResourceManagerGateway;
import io.ebbflow.core.protocol.TaskExecutorGateway;
import io.ebbflow.core.security.SecurityRefusals;
import io.ebbflow.core.service.ServiceContext;
import io.ebbflow.core.state.JobEntry;
import io.ebbflow.core.state.SavepointRecord;
import io.ebbflow.core.state.SharedMaps;
import io.ebbflow.core.state.SlotLedgerEntry;
import io.ebbflow.core.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web-ui service: a REST gateway with Flink's paths and shapes over the cluster's services and shared
 * maps, the dashboard, and the event-bus bridges. This class only wires; each concern has its own class:
 * <ul>
 *   <li>the routes, by resource: {@link ClusterRoutes} (overview, TaskManagers, slots), {@link JobRoutes},
 *       {@link CheckpointRoutes} (checkpoints and savepoints) and {@link RescaleRoutes} (resource
 *       requirements and rescales), rendering with {@link ClusterJson}, {@link JobJson},
 *       {@link CheckpointJson} and {@link RescaleJson};</li>
 *   <li>most routes only read. Those that change something (a TaskExecutor leaving, cancelling a job, new
 *       resource requirements, savepoints and stop-with-savepoint: every {@code POST}, {@code PUT},
 *       {@code PATCH} and {@code DELETE}) need {@code Authorization: Bearer <token>} ({@link RestToken}: the
 *       configured token, or the one in the token file), a JSON body if any, and no foreign {@code Origin}
 *       ({@link MutationGuard});</li>
 *   <li>errors in Flink's shape with their HTTP status ({@link HttpErrors});</li>
 *   <li>the status published every {@code eventbus.status.interval} ({@link StatusPublisher}), delivered to
 *       browsers by the {@link SockJsBridge} and to outside clients by the {@link TcpBridge}, which also
 *       answers the read-only {@code ebbflow.query.*} queries.</li>
 * </ul>
 * Everything it wires runs on this verticle's event loop and holds no state of the cluster's: every request
 * is answered without blocking from the services, the shared maps and, for ended jobs whose JobMaster has
 * exited, the archive in the durable store ({@link JobArchives}, read on worker threads); each call to another
 * service has a timeout (at most 5 s), after which the client gets a 503 or 404 with the reason in Flink's
 * error shape.
 */
public final class WebUiVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(WebUiVerticle.class);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final ClusterNode node;
    private final Configuration config;
    private final Clock clock;
    private HttpServer server;
    private volatile int port;
    private StatusPublisher status;
    private TcpBridge tcpBridge;

    public WebUiVerticle(ServiceContext context, Clock clock) {
        this.node = context.node();
        this.config = context.config();
        this.clock = clock;
    }

    /** The port the REST gateway listens on (after start). */
    public int port() {
        return port;
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> RestToken.resolve(config), false).compose(this::serve);
    }

    private Future<?> serve(RestToken.Resolved token) {
        Duration askTimeout = config.get(RpcOptions.ASK_TIMEOUT);
        // Reads are hedged: one sent as a JobMaster or ResourceManager died waits no longer than 0.5 s for its copy.
        BusClient bus = new BusClient(vertx, QUERY_TIMEOUT.compareTo(askTimeout) < 0 ? QUERY_TIMEOUT : askTimeout,
                config.get(RpcOptions.MAX_MESSAGE_SIZE).bytes()).withHedging(Duration.ofMillis(500),
                        io.ebbflow.core.protocol.Endpoints::isQuery);
        ResourceManagerGateway resourceManager = ResourceManagerGateway.overBus(bus);
        JobMasterGateway jobMasters = JobMasterGateway.overBus(bus);
        SharedMap<JobEntry> jobEntries = node.map(SharedMaps.JOBS, JobEntry.class);
        SharedMap<SlotLedgerEntry> ledger = node.map(SharedMaps.SLOTS, SlotLedgerEntry.class);
        JobArchives archives = new JobArchives(new AsyncDurableStore(vertx, DurableStore.open(config)));
        JobRegistry jobs = new JobRegistry(jobEntries, node.map(io.ebbflow.core.state.SharedMaps.JOB_STANDBYS,
                io.ebbflow.core.state.JobStandby.class), nodeId -> node.membership().isLive(nodeId), archives);
        status = new StatusPublisher(vertx, resourceManager, jobMasters, jobs, archives, ledger, clock);


        Router router = Router.router(vertx);
        SecurityRefusals refusals = new SecurityRefusals("web-ui", node.meterRegistry());
        tcpBridge = new TcpBridge(vertx, status, refusals, io.ebbflow.core.security.Tls.internal(config));
        // The bridge's server takes no exception handler: its failed handshakes are counted by the node's watch.
        node.tlsHandshakes().watch(config.get(RestOptions.TCP_BRIDGE_PORT), "bridge");
        SockJsBridge sockJs = new SockJsBridge(vertx, config, this::port, refusals);
        sockJs.mount(router);
        router.route().handler(new MutationGuard(token.token(), sockJs::allowedOrigins, refusals));
        ApiVersion.mount(router);
        new ClusterRoutes(resourceManager, TaskExecutorGateway.overBus(bus), jobs, ledger, clock).mount(router);
        new JobRoutes(jobMasters, resourceManager, jobs, archives, clock).mount(router);
        new RescaleRoutes(jobMasters, archives).mount(router);
        new CheckpointRoutes(jobMasters, node.map(SharedMaps.SAVEPOINTS, SavepointRecord.class), archives).mount(router);
        router.get("/metrics").handler(PrometheusScrapingHandler.create());
        // The dashboard: a single page at the root, updated over the SockJS bridge.
        router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
        router.route().last().handler(HttpErrors::pathNotFound);
        router.route().failureHandler(HttpErrors::failed);

        String host = config.get(RestOptions.BIND_ADDRESS);
        String address = io.ebbflow.core.config.NetworkAddresses.restAddress(config);
        io.vertx.core.http.HttpServerOptions serverOptions = new io.vertx.core.http.HttpServerOptions();
        var restTls = io.ebbflow.core.security.Tls.rest(config);
        restTls.ifPresent(t -> t.server(serverOptions));
        return vertx.createHttpServer(serverOptions).exceptionHandler(e -> {
            if (io.ebbflow.core.security.Tls.isHandshakeFailure(e)) {
                refusals.refused("tls", "rest", "a REST client", "a connection without a trusted certificate: " + e);
            }
        }).requestHandler(router).listen(config.get(RestOptions.PORT), host)
                .compose(s -> tcpBridge.start(host, config.get(RestOptions.TCP_BRIDGE_PORT)).map(s))
                .onSuccess(s -> {
                    server = s;
                    port = s.actualPort();
                    status.start(config.get(RestOptions.STATUS_INTERVAL).toMillis());
                    String scheme = restTls.isPresent() ? "https" : "http";
                    LOG.info("Ebbflow dashboard at {}://{}:{}/; REST gateway at {}://{}:{}/ (GET /overview, "
                            + "/taskmanagers, /jobs, /jobs/<id>, /slots)", scheme, address, port, scheme, address, port);
                    LOG.info("REST calls that change something need 'Authorization: Bearer <token>' with the token "
                            + "from {}", token.origin());
                });
    }

    @Override
    public Future<?> stop() {
        if (status != null) {
            status.stop();
        }
        if (tcpBridge != null) {
            tcpBridge.close();
        }
        return server == null ? Future.succeededFuture() : server.close();
    }
}
