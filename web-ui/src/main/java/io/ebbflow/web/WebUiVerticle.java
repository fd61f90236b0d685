package io.ebbflow.web;

import io.ebbflow.core.job.JobStatus;

import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.cluster.Versioned;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.RestOptions;
import io.ebbflow.core.config.options.RpcOptions;
import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.JobMasterGateway;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.ResourceManagerGateway;
import io.ebbflow.core.protocol.ResourceManagerMessages.ClusterOverview;
import io.ebbflow.core.protocol.ResourceManagerMessages.JobResourceView;
import io.ebbflow.core.service.ServiceContext;
import io.ebbflow.core.state.JobEntry;
import io.ebbflow.core.state.SharedMaps;
import io.ebbflow.core.state.SlotLedgerEntry;
import io.ebbflow.core.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TimeZone;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web-ui service: a REST gateway with Flink's paths and shapes over the cluster's services and
 * shared maps. Read-only in this version. Every request is answered from the event loop without
 * blocking; each call to another service has a timeout, after which the client gets a 503 with the
 * reason in Flink's error shape.
 */
public final class WebUiVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(WebUiVerticle.class);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final ClusterNode node;
    private final Configuration config;
    private final Clock clock;
    private ResourceManagerGateway resourceManager;
    private JobMasterGateway jobMasters;
    private io.ebbflow.core.protocol.TaskExecutorGateway taskExecutors;
    private SharedMap<JobEntry> jobs;
    private SharedMap<SlotLedgerEntry> ledger;
    private HttpServer server;
    private volatile int port;
    private StatusPublisher status;
    private io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge tcpBridge;
    private final java.util.concurrent.atomic.AtomicLong refusedBridgeMessages = new java.util.concurrent.atomic.AtomicLong();

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
        BusClient bus = new BusClient(vertx, QUERY_TIMEOUT.compareTo(config.get(RpcOptions.ASK_TIMEOUT)) < 0
                ? QUERY_TIMEOUT : config.get(RpcOptions.ASK_TIMEOUT), config.get(RpcOptions.MAX_MESSAGE_SIZE).bytes());
        resourceManager = ResourceManagerGateway.overBus(bus);
        jobMasters = JobMasterGateway.overBus(bus);
        taskExecutors = io.ebbflow.core.protocol.TaskExecutorGateway.overBus(bus);
        jobs = node.map(SharedMaps.JOBS, JobEntry.class);
        ledger = node.map(SharedMaps.SLOTS, SlotLedgerEntry.class);

        Router router = Router.router(vertx);
        status = new StatusPublisher(vertx, resourceManager, jobMasters, jobs, ledger, clock);
        mountBridge(router);
        router.route().handler(this::checkToken);
        router.get("/config").handler(this::config);
        router.get("/overview").handler(this::overview);
        router.get("/taskmanagers").handler(this::taskManagers);
        router.get("/taskmanagers/:id").handler(this::taskManager);
        router.get("/jobs").handler(this::jobIds);
        router.get("/jobs/overview").handler(this::jobsOverview);
        router.get("/jobs/:jobid").handler(this::job);
        router.get("/jobs/:jobid/resource-requirements").handler(this::resourceRequirements);
        router.get("/jobs/:jobid/exceptions").handler(this::exceptions);
        router.get("/jobs/:jobid/vertices/:vertexid").handler(this::vertex);
        router.put("/jobs/:jobid/resource-requirements").handler(io.vertx.ext.web.handler.BodyHandler.create()
                .setBodyLimit(1024 * 1024)).handler(this::updateRequirements);
        router.get("/jobs/:jobid/rescales/history").handler(ctx -> rescales(ctx, RescaleJson::history));
        router.get("/jobs/:jobid/rescales/overview").handler(ctx -> rescales(ctx, RescaleJson::overview));
        router.get("/jobs/:jobid/rescales/summary").handler(ctx -> rescales(ctx, RescaleJson::summary));
        router.get("/jobs/:jobid/rescales/config").handler(ctx -> rescales(ctx, RescaleJson::config));
        router.patch("/jobs/:jobid").handler(this::cancelJob);
        router.get("/jobs/:jobid/checkpoints").handler(this::checkpoints);
        router.get("/jobs/:jobid/accumulators").handler(this::accumulators);
        router.post("/jobs/:jobid/savepoints").handler(io.vertx.ext.web.handler.BodyHandler.create().setBodyLimit(64 * 1024))
                .handler(ctx -> triggerSavepoint(ctx, false));
        router.post("/jobs/:jobid/stop").handler(io.vertx.ext.web.handler.BodyHandler.create().setBodyLimit(64 * 1024))
                .handler(ctx -> triggerSavepoint(ctx, true));
        router.get("/jobs/:jobid/savepoints/:triggerid").handler(this::savepointStatus);
        router.get("/slots").handler(this::slots);
        router.get("/metrics").handler(PrometheusScrapingHandler.create());
        router.post("/taskmanagers/:id/leave").handler(this::taskExecutorLeave);
        // The dashboard: a single page at the root, updated over the SockJS bridge.
        router.route("/*").handler(io.vertx.ext.web.handler.StaticHandler.create("webroot").setCachingEnabled(false));
        router.route().last().handler(ctx -> send(ctx, 404, FlinkJson.errors("Not found: " + ctx.request().path())));

        String host = config.get(RestOptions.BIND_ADDRESS);
        return vertx.createHttpServer().requestHandler(router).listen(config.get(RestOptions.PORT), host)
                .compose(s -> startTcpBridge().map(s))
                .onSuccess(s -> {
                    server = s;
                    port = s.actualPort();
                    status.start(config.get(RestOptions.STATUS_INTERVAL).toMillis());
                    System.out.println("Ebbflow dashboard: http://" + host + ":" + port + "/");
                    LOG.info("REST gateway at http://{}:{}/ (GET /overview, /taskmanagers, /jobs, /jobs/<id>, /slots)",
                            host, port);
                    System.out.println("Ebbflow web-ui: http://" + host + ":" + port + "/overview");
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

    // ------------------------------------------------------------------ bridges and security

    /**
     * The SockJS event-bus bridge at {@code /eventbus}: browsers may only receive the status addresses
     * ({@code ebbflow.status.*}); nothing may be sent in (requests go through REST). Sessions from origins
     * other than the dashboard's (or {@code rest.allowed-origins}) are refused with 403.
     */
    private void mountBridge(Router router) {
        io.vertx.ext.bridge.PermittedOptions status = new io.vertx.ext.bridge.PermittedOptions()
                .setAddressRegex("ebbflow\\.status\\..+");
        io.vertx.ext.web.handler.sockjs.SockJSHandler sockJs = io.vertx.ext.web.handler.sockjs.SockJSHandler.create(vertx);
        router.route("/eventbus/*").handler(ctx -> {
            String origin = ctx.request().getHeader("Origin");
            if (origin != null && !allowedOrigins().contains(origin)) {
                refusedBridgeMessages.incrementAndGet();
                LOG.warn("Refused an event-bus bridge session from origin {} (allowed: {})", origin, allowedOrigins());
                send(ctx, 403, FlinkJson.errors("origin " + origin + " may not open the event-bus bridge"));
                return;
            }
            ctx.next();
        });
        router.route("/eventbus/*").subRouter(sockJs.bridge(new io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions()
                .addOutboundPermitted(status), event -> {
                    if (event.type() == io.vertx.ext.bridge.BridgeEventType.SEND
                            || event.type() == io.vertx.ext.bridge.BridgeEventType.PUBLISH) {
                        refusedBridgeMessages.incrementAndGet();
                        LOG.warn("Refused a message a browser sent to '{}' over the event-bus bridge: the bridge only "
                                + "delivers status; use the REST API", event.getRawMessage() == null ? "?"
                                        : event.getRawMessage().getString("address"));
                        event.complete(false);
                    } else {
                        event.complete(true);
                    }
                }));
    }

    private java.util.List<String> allowedOrigins() {
        return config.getOptional(RestOptions.ALLOWED_ORIGINS).orElseGet(() -> java.util.List.of(
                "http://" + config.get(RestOptions.BIND_ADDRESS) + ":" + port, "http://localhost:" + port,
                "http://127.0.0.1:" + port));
    }

    /**
     * The TCP event-bus bridge ({@code eventbus.tcp-bridge.port}): outside clients may receive the status
     * addresses and ask the read-only {@code ebbflow.query.cluster}, {@code ebbflow.query.jobs} and
     * {@code ebbflow.query.job} (body {@code {"jobId": ...}}); anything else they send is refused.
     */
    private Future<Void> startTcpBridge() {
        int tcpPort = config.get(RestOptions.TCP_BRIDGE_PORT);
        vertx.eventBus().<Object>localConsumer("ebbflow.query.cluster", m -> status.cluster()
                .onComplete(ar -> replyQuery(m, ar)));
        vertx.eventBus().<Object>localConsumer("ebbflow.query.jobs", m -> status.jobList().onComplete(ar -> replyQuery(m, ar)));
        vertx.eventBus().<Object>localConsumer("ebbflow.query.job", m -> {
            String jobId = m.body() instanceof JsonObject o ? o.getString("jobId") : null;
            if (jobId == null) {
                m.fail(400, "expected {\"jobId\": \"...\"}");
                return;
            }
            status.job(jobId).onComplete(ar -> replyQuery(m, ar));
        });
        if (tcpPort < 0) {
            return Future.succeededFuture();
        }
        io.vertx.ext.bridge.BridgeOptions options = new io.vertx.ext.bridge.BridgeOptions()
                .addOutboundPermitted(new io.vertx.ext.bridge.PermittedOptions().setAddressRegex("ebbflow\\.status\\..+"))
                .addInboundPermitted(new io.vertx.ext.bridge.PermittedOptions().setAddressRegex("ebbflow\\.query\\..+"));
        String host = config.get(RestOptions.BIND_ADDRESS);
        return io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge.create(vertx, options, new io.vertx.core.net.NetServerOptions(),
                event -> {
                    if ((event.type() == io.vertx.ext.bridge.BridgeEventType.SEND
                            || event.type() == io.vertx.ext.bridge.BridgeEventType.PUBLISH)
                            && event.getRawMessage() != null
                            && !String.valueOf(event.getRawMessage().getString("address")).startsWith("ebbflow.query.")) {
                        refusedBridgeMessages.incrementAndGet();
                        LOG.warn("Refused a message a TCP bridge client sent to '{}'",
                                event.getRawMessage().getString("address"));
                    }
                    event.complete(true);
                }).listen(tcpPort, host).map(b -> {
                    tcpBridge = b;
                    LOG.info("TCP event-bus bridge at {}:{} (status: ebbflow.status.*, queries: ebbflow.query.*)", host,
                            tcpPort);
                    return null;
                });
    }

    private static void replyQuery(io.vertx.core.eventbus.Message<Object> m, io.vertx.core.AsyncResult<JsonObject> ar) {
        if (ar.succeeded()) {
            m.reply(ar.result());
        } else {
            m.fail(404, String.valueOf(ar.cause().getMessage()));
        }
    }

    /** With {@code rest.auth.token} set, calls that change something need {@code Authorization: Bearer <token>}. */
    private void checkToken(RoutingContext ctx) {
        java.util.Optional<String> token = config.getOptional(RestOptions.AUTH_TOKEN);
        io.vertx.core.http.HttpMethod method = ctx.request().method();
        boolean mutating = method == io.vertx.core.http.HttpMethod.POST || method == io.vertx.core.http.HttpMethod.PUT
                || method == io.vertx.core.http.HttpMethod.PATCH || method == io.vertx.core.http.HttpMethod.DELETE;
        if (token.isPresent() && mutating && !ctx.request().path().startsWith("/eventbus/")
                && !("Bearer " + token.get()).equals(ctx.request().getHeader("Authorization"))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            send(ctx, 401, FlinkJson.errors("this call changes the cluster: it needs 'Authorization: Bearer <rest.auth.token>'"));
            return;
        }
        ctx.next();
    }

    /** {@code POST /taskmanagers/:id/leave}: the TaskExecutor shuts down cleanly (its jobs rescale first). */
    private void taskExecutorLeave(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        taskExecutors.leave(id, new io.ebbflow.core.protocol.TaskExecutorMessages.Leave("asked to leave over REST"))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        send(ctx, 202, new JsonObject());
                    } else {
                        send(ctx, 404, FlinkJson.errors("TaskManager " + id + " not found or not reachable"));
                    }
                });
    }

    private void config(RoutingContext ctx) {
        send(ctx, 200, ClusterJson.dashboardConfig(TimeZone.getDefault(), clock.millis()));
    }

    private void overview(RoutingContext ctx) {
        resourceManager.clusterOverview().compose(cluster -> jobEntries().map(js -> ClusterJson.overview(cluster, js)))
                .onComplete(ar -> reply(ctx, ar.succeeded() ? ar.result() : null, ar.cause(), "ResourceManager"));
    }

    private void taskManagers(RoutingContext ctx) {
        resourceManager.clusterOverview().map(ClusterJson::taskManagers)
                .onComplete(ar -> reply(ctx, ar.succeeded() ? ar.result() : null, ar.cause(), "ResourceManager"));
    }

    private void taskManager(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        resourceManager.clusterOverview().onComplete(ar -> {
            if (ar.failed()) {
                reply(ctx, null, ar.cause(), "ResourceManager");
                return;
            }
            ar.result().taskExecutors().stream().filter(t -> t.taskExecutorId().equals(id)).findFirst()
                    .ifPresentOrElse(t -> send(ctx, 200, ClusterJson.taskManager(t)),
                            () -> send(ctx, 404, FlinkJson.errors("TaskManager " + id + " not found")));
        });
    }

    private void jobIds(RoutingContext ctx) {
        jobEntries().onComplete(ar -> reply(ctx, ar.succeeded() ? JobJson.jobIds(ar.result()) : null, ar.cause(),
                "job registry"));
    }

    private void jobsOverview(RoutingContext ctx) {
        jobEntries().onComplete(ar -> reply(ctx, ar.succeeded() ? JobJson.jobsOverview(ar.result(), clock.millis()) : null,
                ar.cause(), "job registry"));
    }

    private void job(RoutingContext ctx) {
        String jobId = ctx.pathParam("jobid");
        Future<Versioned<JobEntry>> entry = safeJobEntry(jobId);
        jobMasters.jobDetails(jobId).onComplete(details -> entry.onComplete(e -> {
            JobEntry stored = e.succeeded() && e.result() != null ? derive(e.result().value()) : null;
            if (details.succeeded()) {
                shareOf(jobId).onComplete(share -> send(ctx, 200, JobJson.jobDetails(details.result(), stored,
                        share.succeeded() ? share.result() : null, clock.millis())));
            } else if (stored != null) {
                send(ctx, 200, JobJson.jobFromEntry(stored, clock.millis()));
            } else {
                send(ctx, 404, FlinkJson.errors("Job " + jobId + " not found"));
            }
        }));
    }

    private void resourceRequirements(RoutingContext ctx) {
        withJobDetails(ctx, details -> send(ctx, 200, RescaleJson.resourceRequirements(details)));
    }

    private void exceptions(RoutingContext ctx) {
        withJobDetails(ctx, details -> send(ctx, 200, JobJson.exceptions(details)));
    }

    private void vertex(RoutingContext ctx) {
        String vertexId = ctx.pathParam("vertexid");
        withJobDetails(ctx, details -> details.vertices().stream().filter(v -> v.id().equals(vertexId)).findFirst()
                .ifPresentOrElse(v -> send(ctx, 200, JobJson.vertexDetails(v, clock.millis())),
                        () -> send(ctx, 404, FlinkJson.errors("Vertex " + vertexId + " not found in job " + details.jobId()))));
    }

    /**
     * {@code PUT /jobs/:jobid/resource-requirements} with Flink's body
     * {@code {"<vertex id>": {"parallelism": {"lowerBound": L, "upperBound": U}}, ...}}: 200 with an empty body,
     * 400 naming every problem, 409 in reactive mode.
     */
    private void updateRequirements(RoutingContext ctx) {
        String jobId = ctx.pathParam("jobid");
        java.util.Map<String, io.ebbflow.core.protocol.JobMasterMessages.Bounds> vertices = new java.util.LinkedHashMap<>();
        try {
            JsonObject body = new JsonObject(ctx.body().asString());
            for (String vertex : body.fieldNames()) {
                JsonObject p = body.getJsonObject(vertex).getJsonObject("parallelism");
                vertices.put(vertex, new io.ebbflow.core.protocol.JobMasterMessages.Bounds(p.getInteger("lowerBound"),
                        p.getInteger("upperBound")));
            }
        } catch (RuntimeException e) {
            send(ctx, 400, FlinkJson.errors("expected {\"<vertex id>\": {\"parallelism\": {\"lowerBound\": int, "
                    + "\"upperBound\": int}}, ...}: " + e.getMessage()));
            return;
        }
        jobMasters.updateRequirements(jobId, new io.ebbflow.core.protocol.JobMasterMessages.UpdateRequirements(vertices))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        send(ctx, 200, new JsonObject());
                    } else if (BusClient.errorOf(ar.cause()) == io.ebbflow.core.protocol.ProtocolError.CONFLICT) {
                        send(ctx, 409, FlinkJson.errors(ar.cause().getMessage()));
                    } else {
                        jobMasterReply(ctx, jobId, ar, a -> new JsonObject());
                    }
                });
    }

    /** Flink's {@code PATCH /jobs/:jobid?mode=cancel}: 202 with an empty body. */
    private void cancelJob(RoutingContext ctx) {
        String jobId = ctx.pathParam("jobid");
        String mode = ctx.queryParams().get("mode");
        if (mode != null && !mode.equals("cancel")) {
            send(ctx, 400, FlinkJson.errors("mode must be 'cancel', got '" + mode + "'"));
            return;
        }
        jobMasters.cancelJob(jobId).onComplete(ar -> jobMasterReply(ctx, jobId, ar, a -> new JsonObject(), 202));
    }

    private void rescales(RoutingContext ctx,
            java.util.function.Function<io.ebbflow.core.protocol.JobMasterMessages.JobRescales, JsonObject> render) {
        String jobId = ctx.pathParam("jobid");
        jobMasters.rescales(jobId).onComplete(ar -> jobMasterReply(ctx, jobId, ar, render));
    }

    private void checkpoints(RoutingContext ctx) {
        String jobId = ctx.pathParam("jobid");
        jobMasters.checkpoints(jobId).onComplete(ar -> jobMasterReply(ctx, jobId, ar, CheckpointJson::checkpoints));
    }

    private void accumulators(RoutingContext ctx) {
        String jobId = ctx.pathParam("jobid");
        jobMasters.accumulators(jobId).onComplete(ar -> jobMasterReply(ctx, jobId, ar, a -> JobJson.accumulators(a.values())));
    }

    /**
     * {@code POST /jobs/:jobid/savepoints} ({@code {"target-directory": ..., "cancel-job": bool}}) and
     * {@code POST /jobs/:jobid/stop} ({@code {"targetDirectory": ..., "drain": bool}}): a request id to poll.
     */
    private void triggerSavepoint(RoutingContext ctx, boolean stop) {
        String jobId = ctx.pathParam("jobid");
        JsonObject body;
        try {
            String raw = ctx.body().asString();
            body = raw == null || raw.isBlank() ? new JsonObject() : new JsonObject(raw);
        } catch (RuntimeException e) {
            send(ctx, 400, FlinkJson.errors("the request body is not a JSON object: " + e.getMessage()));
            return;
        }
        Object dir = body.getValue(stop ? "targetDirectory" : "target-directory");
        Object cancel = body.getValue(stop ? "drain" : "cancel-job");
        if (dir != null && !(dir instanceof String) || cancel != null && !(cancel instanceof Boolean)) {
            send(ctx, 400, FlinkJson.errors(stop ? "expected {\"targetDirectory\": string, \"drain\": boolean}"
                    : "expected {\"target-directory\": string, \"cancel-job\": boolean}"));
            return;
        }
        boolean stopJob = stop || Boolean.TRUE.equals(cancel);
        jobMasters.triggerSavepoint(jobId, new io.ebbflow.core.protocol.JobMasterMessages.TriggerSavepoint((String) dir, stopJob))
                .onComplete(ar -> jobMasterReply(ctx, jobId, ar, t -> new JsonObject().put("request-id", t.requestId()),
                        202));
    }

    private void savepointStatus(RoutingContext ctx) {
        String jobId = ctx.pathParam("jobid");
        String trigger = ctx.pathParam("triggerid");
        jobMasters.savepointStatus(jobId, trigger).onComplete(ar -> {
            if (ar.succeeded()) {
                send(ctx, 200, CheckpointJson.savepointStatus(ar.result()));
                return;
            }
            // The JobMaster may be gone (a stop-with-savepoint ends the job): the outcome is in the cluster.
            savepointRecord(trigger).onComplete(rec -> {
                if (rec.succeeded() && rec.result() != null && rec.result().value().jobId().equals(jobId)) {
                    io.ebbflow.core.state.SavepointRecord r = rec.result().value();
                    send(ctx, 200, CheckpointJson.savepointStatus(new io.ebbflow.core.protocol.JobMasterMessages.SavepointStatus(
                            r.requestId(), r.status(), r.location(), r.failureCause())));
                } else {
                    jobMasterReply(ctx, jobId, ar, CheckpointJson::savepointStatus);
                }
            });
        });
    }

    private Future<Versioned<io.ebbflow.core.state.SavepointRecord>> savepointRecord(String requestId) {
        try {
            io.ebbflow.core.protocol.Require.id(requestId, "triggerid");
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(null);
        }
        return node.map(io.ebbflow.core.state.SharedMaps.SAVEPOINTS, io.ebbflow.core.state.SavepointRecord.class).get(requestId);
    }

    private <T> void jobMasterReply(RoutingContext ctx, String jobId, io.vertx.core.AsyncResult<T> ar,
            java.util.function.Function<T, JsonObject> render) {
        jobMasterReply(ctx, jobId, ar, render, 200);
    }

    private <T> void jobMasterReply(RoutingContext ctx, String jobId, io.vertx.core.AsyncResult<T> ar,
            java.util.function.Function<T, JsonObject> render, int status) {
        if (ar.succeeded()) {
            send(ctx, status, render.apply(ar.result()));
        } else if (BusClient.errorOf(ar.cause()) == io.ebbflow.core.protocol.ProtocolError.NOT_FOUND) {
            send(ctx, 404, FlinkJson.errors(ar.cause().getMessage()));
        } else if (BusClient.errorOf(ar.cause()) == io.ebbflow.core.protocol.ProtocolError.MALFORMED) {
            send(ctx, 400, FlinkJson.errors(ar.cause().getMessage()));
        } else {
            send(ctx, 404, FlinkJson.errors("Job " + jobId + " not found or its JobMaster is not reachable"));
        }
    }

    /** Answers from the JobMaster's details of {@code :jobid}, or 404 if it does not answer. */
    private void withJobDetails(RoutingContext ctx, Consumer<JobDetails> answer) {
        String jobId = ctx.pathParam("jobid");
        jobMasters.jobDetails(jobId).onComplete(ar -> {
            if (ar.succeeded()) {
                answer.accept(ar.result());
            } else {
                send(ctx, 404, FlinkJson.errors("Job " + jobId + " not found or its JobMaster is not reachable"));
            }
        });
    }

    private void slots(RoutingContext ctx) {
        ledger.entries()
                .onComplete(ar -> reply(ctx, ar.succeeded() ? ClusterJson.ledger(ar.result()) : null, ar.cause(),
                        "slot ledger"));
    }

    private Future<JobResourceView> shareOf(String jobId) {
        return resourceManager.clusterOverview().map(ClusterOverview::jobs)
                .map(list -> list.stream().filter(j -> j.jobId().equals(jobId)).findFirst().orElse(null));
    }

    private Future<List<JobEntry>> jobEntries() {
        return jobs.entries().map(m -> {
            List<JobEntry> out = new ArrayList<>();
            m.values().forEach(v -> out.add(derive(v.value())));
            out.sort(Comparator.comparingLong(JobEntry::startTime));
            return out;
        });
    }

    private Future<Versioned<JobEntry>> safeJobEntry(String jobId) {
        try {
            io.ebbflow.core.protocol.Require.id(jobId, "jobid");
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(null);
        }
        return jobs.get(jobId);
    }

    /** A job whose JobMaster process is gone without ending it is SUSPENDED until a JobMaster takes it back. */
    private JobEntry derive(JobEntry j) {
        if (j.endTime() < 0 && !node.membership().isLive(j.nodeId())) {
            return new JobEntry(j.jobId(), j.name(), j.jobMasterEpoch(), j.nodeId(), j.startTime(), j.endTime(), JobStatus.SUSPENDED);
        }
        return j;
    }

    private void reply(RoutingContext ctx, JsonObject body, Throwable failure, String source) {
        if (body != null) {
            send(ctx, 200, body);
        } else {
            String reason = BusClient.isNoHandlers(failure) ? source + " is not running"
                    : BusClient.isUnreachable(failure) ? source + " did not answer in time" : String.valueOf(failure);
            send(ctx, 503, FlinkJson.errors(reason));
        }
    }

    private static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=UTF-8")
                .end(body.encode());
    }
}
