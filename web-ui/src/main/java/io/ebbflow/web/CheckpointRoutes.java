package io.ebbflow.web;

import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.protocol.JobMasterGateway;
import io.ebbflow.core.protocol.Require;
import io.ebbflow.core.protocol.SavepointMessages.SavepointStatus;
import io.ebbflow.core.protocol.SavepointMessages.TriggerSavepoint;
import io.ebbflow.core.state.ArchivedJob;
import io.ebbflow.core.state.SavepointRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's checkpoints and savepoints: {@code GET /jobs/:jobid/checkpoints}, a checkpoint's details
 * ({@code .../checkpoints/details/:checkpointid}, and per subtask of a vertex with the synchronous and
 * asynchronous durations: {@code .../subtasks/:vertexid}), and Flink's asynchronous
 * savepoint operations {@code POST /jobs/:jobid/savepoints}, {@code POST /jobs/:jobid/stop} (both change
 * the job) and {@code GET /jobs/:jobid/savepoints/:triggerid}. Once the job ended and its JobMaster exited,
 * the reads answer from the job's archive.
 */
final class CheckpointRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointRoutes.class);
    private static final int BODY_LIMIT = 64 * 1024;

    private final JobMasterGateway jobMasters;
    private final SharedMap<SavepointRecord> savepoints;
    private final JobArchives archives;

    /**
     * @param savepoints the outcomes kept in the cluster ({@code ebbflow.savepoints}), by request id, until the
     *        job is archived with them
     */
    CheckpointRoutes(JobMasterGateway jobMasters, SharedMap<SavepointRecord> savepoints, JobArchives archives) {
        this.jobMasters = jobMasters;
        this.savepoints = savepoints;
        this.archives = archives;
    }

    void mount(Router router) {
        router.get("/jobs/:jobid/checkpoints").handler(ctx -> {
            String jobId = ctx.pathParam("jobid");
            archives.orArchived(jobId, jobMasters.checkpoints(jobId), ArchivedJob::checkpoints, "checkpoints")
                    .onComplete(ar -> HttpErrors.replyFromJobMaster(ctx, jobId, ar, CheckpointJson::checkpoints, 200));
        });
        router.get("/jobs/:jobid/checkpoints/details/:checkpointid").handler(ctx -> details(ctx, null));
        router.get("/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid")
                .handler(ctx -> details(ctx, ctx.pathParam("vertexid")));
        router.post("/jobs/:jobid/savepoints").handler(BodyHandler.create().setBodyLimit(BODY_LIMIT))
                .handler(ctx -> trigger(ctx, false));
        router.post("/jobs/:jobid/stop").handler(BodyHandler.create().setBodyLimit(BODY_LIMIT))
                .handler(ctx -> trigger(ctx, true));
        router.get("/jobs/:jobid/savepoints/:triggerid").handler(this::status);
    }

    /**
     * One checkpoint of the history (the last ten): per vertex, or with {@code vertexId} per subtask of that
     * vertex with its synchronous and asynchronous durations; 404 if the history no longer has it.
     */
    private void details(RoutingContext ctx, String vertexId) {
        String jobId = ctx.pathParam("jobid");
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("checkpointid"));
        } catch (NumberFormatException e) {
            HttpErrors.send(ctx, HttpErrors.badRequest("checkpoint id '" + ctx.pathParam("checkpointid") + "' is not a number"));
            return;
        }
        archives.orArchived(jobId, jobMasters.checkpoints(jobId), ArchivedJob::checkpoints, "checkpoints").onComplete(ar -> {
            if (ar.failed()) {
                HttpErrors.send(ctx, HttpErrors.ofJobMaster(jobId, ar.cause()));
                return;
            }
            JsonObject body = vertexId == null ? CheckpointJson.details(ar.result(), id)
                    : CheckpointJson.subtaskDetails(ar.result(), id, vertexId);
            if (body == null) {
                HttpErrors.send(ctx, HttpErrors.notFound("checkpoint " + id + (vertexId == null ? "" : " of vertex " + vertexId)
                        + " is not in the job's checkpoint history (its last ten checkpoints)"));
            } else {
                HttpErrors.send(ctx, 200, body);
            }
        });
    }

    /** A savepoint (with {@code stop}: stop-with-savepoint): 202 with a request id to poll, 400 for a bad body. */
    private void trigger(RoutingContext ctx, boolean stop) {
        String jobId = ctx.pathParam("jobid");
        TriggerSavepoint request;
        try {
            request = RequestBodies.savepoint(ctx.body().asString(), stop);
        } catch (RequestBodies.Invalid e) {
            HttpErrors.send(ctx, HttpErrors.badRequest(e.getMessage()));
            return;
        }
        jobMasters.triggerSavepoint(jobId, request).onComplete(ar -> {
            if (ar.succeeded()) {
                LOG.info("Job {}: savepoint {} asked over REST (stop: {})", jobId, ar.result().requestId(), request.stop());
            }
            HttpErrors.replyFromJobMaster(ctx, jobId, ar, t -> new JsonObject().put("request-id", t.requestId()), 202);
        });
    }

    /**
     * The savepoint's progress from the JobMaster; if it does not answer (a stop-with-savepoint ends the job
     * and its JobMaster), the outcome kept in the cluster, or, once the job is archived, in its archive.
     */
    private void status(RoutingContext ctx) {
        String jobId = ctx.pathParam("jobid");
        String trigger = ctx.pathParam("triggerid");
        jobMasters.savepointStatus(jobId, trigger).onComplete(ar -> {
            if (ar.succeeded()) {
                HttpErrors.send(ctx, 200, CheckpointJson.savepointStatus(ar.result()));
                return;
            }
            record(jobId, trigger).onComplete(rec -> {
                if (rec.succeeded() && rec.result() != null) {
                    SavepointRecord r = rec.result();
                    HttpErrors.send(ctx, 200, CheckpointJson.savepointStatus(
                            new SavepointStatus(r.requestId(), r.status(), r.location(), r.failureCause())));
                    return;
                }
                if (rec.failed()) {
                    LOG.debug("Job {}: could not read the kept outcome of savepoint {}: {}", jobId, trigger,
                            String.valueOf(rec.cause()));
                }
                HttpErrors.replyFromJobMaster(ctx, jobId, ar, CheckpointJson::savepointStatus, 200);
            });
        });
    }

    /** The kept outcome of the job's savepoint {@code requestId}: in the cluster, else in the job's archive. */
    private Future<SavepointRecord> record(String jobId, String requestId) {
        try {
            Require.id(requestId, "triggerid");
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(null);
        }
        return savepoints.get(requestId).map(v -> v == null || !v.value().jobId().equals(jobId) ? null : v.value())
                .compose(kept -> kept != null ? Future.succeededFuture(kept) : archives.find(jobId)
                        .map(a -> a == null ? null : a.savepoints().stream()
                                .filter(r -> r.requestId().equals(requestId)).findFirst().orElse(null)));
    }
}
