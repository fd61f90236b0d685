package io.ebbflow.web;

import io.ebbflow.core.protocol.JobMasterGateway;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.ResourceManagerGateway;
import io.ebbflow.core.protocol.ResourceManagerMessages.ClusterOverview;
import io.ebbflow.core.protocol.ResourceManagerMessages.JobResourceView;
import io.ebbflow.core.state.ArchivedJob;
import io.ebbflow.core.state.JobEntry;
import io.ebbflow.core.time.Clock;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.ebbflow.core.protocol.JobMasterMessages.VertexView;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs' REST resources: {@code GET /jobs}, {@code GET /jobs/overview} (from the job registry and the
 * archive of ended jobs), {@code GET /jobs/:jobid} (from its JobMaster, else its archive, else the registry),
 * {@code .../exceptions}, {@code .../vertices/:vertexid}, {@code .../accumulators} (from its JobMaster, else
 * its archive), and {@code PATCH /jobs/:jobid?mode=cancel} (changes the job; 409 once it has ended).
 */
final class JobRoutes {

    /** How long a job's details wait for the registry's entry and the standbys once its JobMaster answered. */
    private static final java.time.Duration DETAIL_WAIT = java.time.Duration.ofMillis(300);


    private static final Logger LOG = LoggerFactory.getLogger(JobRoutes.class);
    private static final String JOB_REGISTRY = "job registry";

    private final JobMasterGateway jobMasters;
    private final ResourceManagerGateway resourceManager;
    private final JobRegistry jobs;
    private final JobArchives archives;
    private final Clock clock;

    JobRoutes(JobMasterGateway jobMasters, ResourceManagerGateway resourceManager, JobRegistry jobs,
            JobArchives archives, Clock clock) {
        this.jobMasters = jobMasters;
        this.resourceManager = resourceManager;
        this.jobs = jobs;
        this.archives = archives;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/jobs").handler(ctx -> HttpErrors.replyOrUnavailable(ctx, jobs.entries().map(JobJson::jobIds),
                JOB_REGISTRY));
        // Before /jobs/:jobid, which would take "overview" for a job id.
        router.get("/jobs/overview").handler(ctx -> HttpErrors.replyOrUnavailable(ctx,
                jobs.entries().map(list -> JobJson.jobsOverview(list, clock.millis())), JOB_REGISTRY));
        router.get("/jobs/:jobid").handler(this::job);
        router.get("/jobs/:jobid/exceptions").handler(ctx -> withJobDetails(ctx, jobMasters, archives,
                details -> HttpErrors.send(ctx, 200, JobJson.exceptions(details))));
        router.get("/jobs/:jobid/plan").handler(ctx -> withJobDetails(ctx, jobMasters, archives,
                details -> HttpErrors.send(ctx, 200, JobJson.plan(details))));
        // Flink's JobStatusInfo: what its REST client (and tools on it, such as its autoscaler) polls for a job's state.
        router.get("/jobs/:jobid/status").handler(ctx -> withJobDetails(ctx, jobMasters, archives,
                details -> HttpErrors.send(ctx, 200, new JsonObject().put("status", details.state().name()))));
        router.get("/jobs/:jobid/vertices/:vertexid").handler(this::vertex);
        router.get("/jobs/:jobid/vertices/:vertexid/metrics").handler(ctx -> withVertex(ctx, v -> HttpErrors.send(ctx,
                200, MetricsJson.subtaskMetrics(v, MetricsJson.list(ctx.queryParams().get("get"))))));
        router.get("/jobs/:jobid/vertices/:vertexid/subtasks/metrics").handler(this::aggregatedMetrics);
        router.patch("/jobs/:jobid").handler(this::cancel);
        router.get("/jobs/:jobid/accumulators").handler(ctx -> {
            String jobId = ctx.pathParam("jobid");
            archives.orArchived(jobId, jobMasters.accumulators(jobId), ArchivedJob::accumulators, "accumulators")
                    .onComplete(ar -> HttpErrors.replyFromJobMaster(ctx, jobId, ar, a -> JobJson.accumulators(a.values()),
                            200));
        });
    }

    /**
     * Answers with the job's details from its JobMaster (and its share from the ResourceManager, when that
     * answers); an ended job whose JobMaster has exited from its archive; a job whose JobMaster does not
     * answer from its registry entry; else 404.
     */
    private void job(RoutingContext ctx) {
        String jobId = ctx.pathParam("jobid");
        Future<JobEntry> entry = jobs.find(jobId);
        // With the JobMaster's answer in hand, the registry's entry and the standbys only add detail: wait for them
        // briefly (a map read stalls while partitions move after a member died), never for the whole request.
        jobMasters.jobDetails(jobId).onComplete(details -> (details.succeeded()
                ? entry.timeout(DETAIL_WAIT.toMillis(), TimeUnit.MILLISECONDS) : entry).onComplete(e -> {
            JobEntry stored = orNull(e, "the job registry's entry of job " + jobId);
            if (details.succeeded()) {
                Future<List<String>> standbys = jobs.standbys(jobId).timeout(DETAIL_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                        .otherwise(List.of());
                shareOf(jobId).onComplete(share -> standbys.onComplete(s -> HttpErrors.send(ctx, 200,
                        JobJson.jobDetails(details.result(), stored, orNull(share, "the ResourceManager's share of job "
                                + jobId), clock.millis()).put("jobmaster", JobJson.leadership(details.result(), stored,
                                s.result())))));
            } else {
                archives.find(jobId).onComplete(a -> answerWithoutJobMaster(ctx, jobId, stored,
                        orNull(a, "the archive of job " + jobId), details.cause()));
            }
        }));
    }

    private void answerWithoutJobMaster(RoutingContext ctx, String jobId, JobEntry stored, ArchivedJob archive,
            Throwable why) {
        if (archive != null && (stored == null || stored.endTime() >= 0)) {
            HttpErrors.send(ctx, 200, JobJson.jobDetails(archive.details(), archive.entry(), null, clock.millis()));
        } else if (stored != null) {
            LOG.debug("Job {}: its JobMaster did not answer ({}); answering from the job registry", jobId,
                    String.valueOf(why));
            HttpErrors.send(ctx, 200, JobJson.jobFromEntry(stored, clock.millis()));
        } else {
            HttpErrors.send(ctx, HttpErrors.notFound("Job " + jobId + " not found"));
        }
    }

    private Future<JobResourceView> shareOf(String jobId) {
        return resourceManager.clusterOverview().map(ClusterOverview::jobs)
                .map(list -> list.stream().filter(j -> j.jobId().equals(jobId)).findFirst().orElse(null));
    }

    /** The result, or null (and a DEBUG line) if {@code what} could not be read: the answer goes on without it. */
    private static <T> T orNull(AsyncResult<T> ar, String what) {
        if (ar.failed()) {
            LOG.debug("Could not read {}: {}", what, String.valueOf(ar.cause()));
            return null;
        }
        return ar.result();
    }

    /** Flink's aggregated subtask metrics of a vertex; an aggregation Flink does not know is a 400. */
    private void aggregatedMetrics(RoutingContext ctx) {
        java.util.Set<String> agg = MetricsJson.list(ctx.queryParams().get("agg"));
        List<String> unknown = MetricsJson.unknownAggregates(agg);
        if (!unknown.isEmpty()) {
            HttpErrors.send(ctx, HttpErrors.badRequest("Unknown aggregation " + unknown + ": use min, max, avg or sum"));
            return;
        }
        String vertexId = ctx.pathParam("vertexid");
        java.util.Set<String> get = MetricsJson.list(ctx.queryParams().get("get"));
        withJobDetails(ctx, jobMasters, archives, details -> details.vertices().stream()
                .filter(v -> v.id().equals(vertexId)).findFirst().ifPresentOrElse(v -> HttpErrors.send(ctx, 200,
                        MetricsJson.aggregated(v, get, agg, details.edges().stream()
                                .noneMatch(e -> e.target().equals(vertexId)))),
                        () -> HttpErrors.send(ctx, HttpErrors.notFound("Vertex " + vertexId + " not found in job "
                                + details.jobId()))));
    }

    /** Answers about the vertex of the path, or 404 if the job or the vertex is unknown. */
    private void withVertex(RoutingContext ctx, Consumer<VertexView> answer) {
        String vertexId = ctx.pathParam("vertexid");
        withJobDetails(ctx, jobMasters, archives, details -> details.vertices().stream().filter(v -> v.id().equals(vertexId))
                .findFirst().ifPresentOrElse(answer, () -> HttpErrors.send(ctx, HttpErrors.notFound("Vertex " + vertexId
                        + " not found in job " + details.jobId()))));
    }

    private void vertex(RoutingContext ctx) {
        withVertex(ctx, v -> HttpErrors.send(ctx, 200, JobJson.vertexDetails(v, clock.millis())));
    }

    /** Flink's {@code PATCH /jobs/:jobid?mode=cancel}: 202 with an empty body; any other mode is 400. */
    private void cancel(RoutingContext ctx) {
        String jobId = ctx.pathParam("jobid");
        String mode = ctx.queryParams().get("mode");
        if (mode != null && !mode.equals("cancel")) {
            HttpErrors.send(ctx, HttpErrors.badRequest("mode must be 'cancel', got '" + mode + "'"));
            return;
        }
        jobMasters.cancelJob(jobId).onComplete(ar -> {
            if (ar.succeeded()) {
                LOG.info("Job {}: cancellation asked over REST", jobId);
            }
            if (ar.succeeded() || ar.cause() instanceof ProtocolException) {
                HttpErrors.replyFromJobMaster(ctx, jobId, ar, a -> new JsonObject(), 202);
                return;
            }
            archives.find(jobId).onComplete(a -> {
                ArchivedJob archive = orNull(a, "the archive of job " + jobId);
                if (archive != null) {
                    HttpErrors.send(ctx, HttpErrors.conflict("Job " + jobId + " has already ended ("
                            + archive.entry().state() + "): it cannot be cancelled"));
                } else {
                    HttpErrors.replyFromJobMaster(ctx, jobId, ar, x -> new JsonObject(), 202);
                }
            });
        });
    }

    /**
     * Answers from the JobMaster's details of {@code :jobid} (those in its archive once it ended and its
     * JobMaster exited), or 404 if there are none.
     */
    static void withJobDetails(RoutingContext ctx, JobMasterGateway jobMasters, JobArchives archives,
            Consumer<JobDetails> answer) {
        String jobId = ctx.pathParam("jobid");
        archives.orArchived(jobId, jobMasters.jobDetails(jobId), ArchivedJob::details, "details").onComplete(ar -> {
            if (ar.succeeded()) {
                answer.accept(ar.result());
            } else {
                LOG.debug("Job {}: its JobMaster did not answer and it has no archive: {}", jobId,
                        String.valueOf(ar.cause()));
                HttpErrors.send(ctx, HttpErrors.jobUnreachable(jobId));
            }
        });
    }
}
