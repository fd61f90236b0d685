package io.ebbflow.web;

import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.protocol.ResourceManagerGateway;
import io.ebbflow.core.protocol.TaskExecutorGateway;
import io.ebbflow.core.protocol.TaskExecutorMessages.Leave;
import io.ebbflow.core.protocol.TaskExecutorMessages.TaskExecutorStatus;
import io.ebbflow.core.state.SlotLedgerEntry;
import io.ebbflow.core.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.TimeZone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's REST resources: {@code GET /config}, {@code GET /overview}, {@code GET /taskmanagers},
 * {@code GET /taskmanagers/:id}, {@code POST /taskmanagers/:id/leave} (changes the cluster) and
 * {@code GET /slots}.
 */
final class ClusterRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRoutes.class);
    private static final String RESOURCE_MANAGER = "ResourceManager";

    private final ResourceManagerGateway resourceManager;
    private final TaskExecutorGateway taskExecutors;
    private final JobRegistry jobs;
    private final SharedMap<SlotLedgerEntry> ledger;
    private final Clock clock;

    ClusterRoutes(ResourceManagerGateway resourceManager, TaskExecutorGateway taskExecutors, JobRegistry jobs,
            SharedMap<SlotLedgerEntry> ledger, Clock clock) {
        this.resourceManager = resourceManager;
        this.taskExecutors = taskExecutors;
        this.jobs = jobs;
        this.ledger = ledger;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/config").handler(ctx -> HttpErrors.send(ctx, 200,
                ClusterJson.dashboardConfig(TimeZone.getDefault(), clock.millis())));
        router.get("/overview").handler(this::overview);
        router.get("/jobmanager/metrics").handler(this::jobManagerMetrics);
        router.get("/taskmanagers").handler(ctx -> HttpErrors.replyOrUnavailable(ctx,
                resourceManager.clusterOverview().map(ClusterJson::taskManagers), RESOURCE_MANAGER));
        router.get("/taskmanagers/metrics").handler(this::taskManagerMetrics);
        router.get("/taskmanagers/:id").handler(this::taskManager);
        router.post("/taskmanagers/:id/leave").handler(this::leave);
        router.get("/slots").handler(ctx -> HttpErrors.replyOrUnavailable(ctx, ledger.entries().map(ClusterJson::ledger),
                "slot ledger"));
    }

    private void overview(RoutingContext ctx) {
        HttpErrors.replyOrUnavailable(ctx, resourceManager.clusterOverview()
                .compose(cluster -> jobs.entries().map(list -> ClusterJson.overview(cluster, list))), RESOURCE_MANAGER);
    }

    /** Flink's JobManager metrics that Ebbflow has: the slot and TaskManager counts, from the ResourceManager. */
    private void jobManagerMetrics(RoutingContext ctx) {
        java.util.Set<String> get = MetricsJson.list(ctx.queryParams().get("get"));
        resourceManager.clusterOverview().onComplete(ar -> {
            if (ar.failed()) {
                HttpErrors.send(ctx, HttpErrors.unavailable(RESOURCE_MANAGER, ar.cause()));
            } else {
                HttpErrors.send(ctx, 200, ClusterJson.jobManagerMetrics(ar.result(), get));
            }
        });
    }

    /**
     * Flink's aggregated TaskManager metrics: every registered TaskExecutor is asked for its JVM figures; those that
     * do not answer are left out of the aggregates.
     */
    private void taskManagerMetrics(RoutingContext ctx) {
        java.util.Set<String> get = MetricsJson.list(ctx.queryParams().get("get"));
        java.util.Set<String> agg = MetricsJson.list(ctx.queryParams().get("agg"));
        List<String> unknown = MetricsJson.unknownAggregates(agg);
        if (!unknown.isEmpty()) {
            HttpErrors.send(ctx, HttpErrors.badRequest("Unknown aggregation " + unknown + ": use min, max, avg or sum"));
            return;
        }
        resourceManager.clusterOverview().onComplete(ar -> {
            if (ar.failed()) {
                HttpErrors.send(ctx, HttpErrors.unavailable(RESOURCE_MANAGER, ar.cause()));
                return;
            }
            List<Future<TaskExecutorStatus>> statuses = ar.result().taskExecutors().stream()
                    .map(te -> taskExecutors.status(te.taskExecutorId())).toList();
            Future.join(statuses).onComplete(done -> HttpErrors.send(ctx, 200, ClusterJson.taskManagerMetrics(
                    statuses.stream().filter(Future::succeeded).map(Future::result).toList(), get, agg)));
        });
    }

    private void taskManager(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        resourceManager.clusterOverview().onComplete(ar -> {
            if (ar.failed()) {
                HttpErrors.send(ctx, HttpErrors.unavailable(RESOURCE_MANAGER, ar.cause()));
                return;
            }
            ar.result().taskExecutors().stream().filter(t -> t.taskExecutorId().equals(id)).findFirst()
                    .ifPresentOrElse(t -> HttpErrors.send(ctx, 200, ClusterJson.taskManager(t)),
                            () -> HttpErrors.send(ctx, HttpErrors.notFound("TaskManager " + id + " not found")));
        });
    }

    /** The TaskExecutor shuts down cleanly (its jobs rescale first): 202, or 404 if it does not answer. */
    private void leave(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        taskExecutors.leave(id, new Leave("asked to leave over REST")).onComplete(ar -> {
            if (ar.succeeded()) {
                LOG.info("TaskExecutor {} asked to leave over REST", id);
                HttpErrors.send(ctx, 202, new JsonObject());
            } else {
                LOG.debug("TaskExecutor {} did not take the request to leave: {}", id, String.valueOf(ar.cause()));
                HttpErrors.send(ctx, HttpErrors.notFound("TaskManager " + id + " not found or not reachable"));
            }
        });
    }
}
