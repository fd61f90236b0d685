package io.ebbflow.web;

import io.ebbflow.core.protocol.JobMasterGateway;
import io.ebbflow.core.protocol.JobMasterMessages.JobRescales;
import io.ebbflow.core.protocol.JobMasterMessages.UpdateRequirements;
import io.ebbflow.core.state.ArchivedJob;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's parallelism: Flink's {@code GET} and {@code PUT /jobs/:jobid/resource-requirements} (the
 * {@code PUT} changes the job) and the rescale history {@code GET /jobs/:jobid/rescales/{history,overview,
 * summary,config}} (from the JobMaster, else, once the job ended and its JobMaster exited, its archive).
 */
final class RescaleRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(RescaleRoutes.class);
    private static final int BODY_LIMIT = 1024 * 1024;

    private final JobMasterGateway jobMasters;
    private final JobArchives archives;

    /** {@code archives}: where an ended job's history is read once its JobMaster has exited. */
    RescaleRoutes(JobMasterGateway jobMasters, JobArchives archives) {
        this.jobMasters = jobMasters;
        this.archives = archives;
    }

    void mount(Router router) {
        router.get("/jobs/:jobid/resource-requirements").handler(ctx -> JobRoutes.withJobDetails(ctx, jobMasters, archives,
                details -> HttpErrors.send(ctx, 200, RescaleJson.resourceRequirements(details))));
        router.put("/jobs/:jobid/resource-requirements").handler(BodyHandler.create().setBodyLimit(BODY_LIMIT))
                .handler(this::updateRequirements);
        router.get("/jobs/:jobid/rescales/history").handler(ctx -> rescales(ctx, RescaleJson::history));
        router.get("/jobs/:jobid/rescales/overview").handler(ctx -> rescales(ctx, RescaleJson::overview));
        router.get("/jobs/:jobid/rescales/summary").handler(ctx -> rescales(ctx, RescaleJson::summary));
        router.get("/jobs/:jobid/rescales/config").handler(ctx -> rescales(ctx, RescaleJson::config));
        router.get("/jobs/:jobid/jobmanager/config").handler(this::jobConfig);
    }

    /**
     * New bounds for every vertex, in Flink's body
     * {@code {"<vertex id>": {"parallelism": {"lowerBound": L, "upperBound": U}}, ...}}: 200 with an empty
     * body, 400 naming every problem, 409 in reactive mode.
     */
    private void updateRequirements(RoutingContext ctx) {
        String jobId = ctx.pathParam("jobid");
        UpdateRequirements request;
        try {
            request = RequestBodies.requirements(ctx.body().asString());
        } catch (RequestBodies.Invalid e) {
            HttpErrors.send(ctx, HttpErrors.badRequest(e.getMessage()));
            return;
        }
        jobMasters.updateRequirements(jobId, request).onComplete(ar -> {
            if (ar.succeeded()) {
                LOG.info("Job {}: new resource requirements for {} vertices over REST", jobId, request.vertices().size());
                HttpErrors.send(ctx, 200, new JsonObject());
            } else {
                HttpErrors.send(ctx, HttpErrors.ofRequirementsUpdate(jobId, ar.cause()));
            }
        });
    }

    /** Flink's {@code GET /jobs/:jobid/jobmanager/config}: the job's scheduling settings as {@code [{"key", "value"}]}. */
    private void jobConfig(RoutingContext ctx) {
        String jobId = ctx.pathParam("jobid");
        archives.orArchived(jobId, jobMasters.rescales(jobId), ArchivedJob::rescales, "rescale history")
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        HttpErrors.send(ctx, 200, RescaleJson.jobConfig(ar.result()));
                    } else {
                        HttpErrors.send(ctx, HttpErrors.ofJobMaster(jobId, ar.cause()));
                    }
                });
    }

    private void rescales(RoutingContext ctx, Function<JobRescales, JsonObject> render) {
        String jobId = ctx.pathParam("jobid");
        archives.orArchived(jobId, jobMasters.rescales(jobId), ArchivedJob::rescales, "rescale history")
                .onComplete(ar -> HttpErrors.replyFromJobMaster(ctx, jobId, ar, render, 200));
    }
}
