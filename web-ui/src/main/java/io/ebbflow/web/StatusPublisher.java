package io.ebbflow.web;

import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.cluster.Versioned;
import io.ebbflow.core.protocol.Addresses;
import io.ebbflow.core.protocol.JobMasterGateway;
import io.ebbflow.core.protocol.JobMasterMessages.JobRescales;
import io.ebbflow.core.protocol.ResourceManagerGateway;
import io.ebbflow.core.state.ArchivedJob;
import io.ebbflow.core.state.JobEntry;
import io.ebbflow.core.state.SlotLedgerEntry;
import io.ebbflow.core.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the status of the cluster and of every job on the event bus, for the dashboard (through the
 * SockJS bridge) and outside clients (through the TCP bridge): {@link Addresses#STATUS_CLUSTER}
 * (TaskExecutors and every slot with its state and owner), {@link Addresses#STATUS_JOBS} (the job list) and
 * {@code ebbflow.status.job.<id>} (a running job's details, checkpoints and rescales, in the REST API's
 * shapes). The job list has the running jobs and the archived ended ones with their final state; the query of
 * one job answers for an ended job from its archive. Read-only; nothing here changes anything. A status that cannot be read is skipped for that
 * round (logged at DEBUG: it happens every round while a service is down).
 */
final class StatusPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);

    private final Vertx vertx;
    private final ResourceManagerGateway resourceManager;
    private final JobMasterGateway jobMasters;
    private final JobRegistry jobs;
    private final JobArchives archives;
    private final SharedMap<SlotLedgerEntry> ledger;
    private final Clock clock;
    private long timer = -1;

    StatusPublisher(Vertx vertx, ResourceManagerGateway resourceManager, JobMasterGateway jobMasters,
            JobRegistry jobs, JobArchives archives, SharedMap<SlotLedgerEntry> ledger, Clock clock) {
        this.vertx = vertx;
        this.resourceManager = resourceManager;
        this.jobMasters = jobMasters;
        this.jobs = jobs;
        this.archives = archives;
        this.ledger = ledger;
        this.clock = clock;
    }

    void start(long periodMillis) {
        timer = vertx.setPeriodic(periodMillis, id -> publish());
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * The cluster's status now (also the answer to {@link Addresses#QUERY_CLUSTER}); without the
     * ResourceManager, with an empty overview.
     */
    Future<JsonObject> cluster() {
        return ledger.entries().compose(rows -> resourceManager.clusterOverview()
                .map(overview -> clusterStatus(rows, ClusterJson.overview(overview, List.of())))
                .recover(e -> {
                    LOG.debug("Cluster status without the ResourceManager's overview: {}", String.valueOf(e));
                    return Future.succeededFuture(clusterStatus(rows, new JsonObject()));
                }));
    }

    /**
     * A job's status now, from its JobMaster or, once it ended and its JobMaster exited, its archive (also the
     * answer to {@link Addresses#QUERY_JOB}); checkpoints and rescales null if unknown.
     */
    Future<JsonObject> job(String jobId) {
        long now = clock.millis();
        return archives.orArchived(jobId, jobMasters.jobDetails(jobId), ArchivedJob::details, "details").compose(d -> {
            Future<JsonObject> checkpoints = archives.orArchived(jobId, jobMasters.checkpoints(jobId),
                    ArchivedJob::checkpoints, "checkpoints").map(CheckpointJson::checkpoints)
                    .otherwise(e -> missing(jobId, "checkpoints", e));
            Future<JobRescales> rescales = archives.orArchived(jobId, jobMasters.rescales(jobId), ArchivedJob::rescales,
                    "rescale history").otherwise(e -> missing(jobId, "rescales", e));
            return Future.join(checkpoints, rescales).transform(ar -> Future.succeededFuture(new JsonObject()
                    .put("time", now)
                    .put("job", JobJson.jobDetails(d, null, null, now))
                    .put("checkpoints", checkpoints.result())
                    .put("rescales", rescales.result() == null ? null : RescaleJson.history(rescales.result()))
                    .put("rescaleOverview", rescales.result() == null ? null : RescaleJson.overview(rescales.result()))
                    .put("exceptions", JobJson.exceptions(d))));
        });
    }

    private static <T> T missing(String jobId, String what, Throwable failure) {
        LOG.debug("Job {}: status without its {}: {}", jobId, what, String.valueOf(failure));
        return null;
    }

    /**
     * The job list now, newest first, running and ended jobs (also the answer to {@link Addresses#QUERY_JOBS}).
     */
    Future<JsonObject> jobList() {
        return jobs.entries().map(this::jobList);
    }

    private JsonObject jobList(List<JobEntry> entries) {
        JsonArray list = new JsonArray();
        entries.stream().sorted((a, b) -> Long.compare(b.startTime(), a.startTime()))
                .forEach(j -> list.add(new JsonObject().put("id", j.jobId()).put("name", j.name()).put("state", j.state().name())
                        .put("start-time", j.startTime()).put("end-time", j.endTime())));
        return new JsonObject().put("time", clock.millis()).put("jobs", list);
    }

    private void publish() {
        cluster().onSuccess(c -> vertx.eventBus().publish(Addresses.STATUS_CLUSTER, c))
                .onFailure(e -> skipped("the cluster's", e));
        jobs.entries().onFailure(e -> skipped("the jobs'", e)).onSuccess(entries -> {
            vertx.eventBus().publish(Addresses.STATUS_JOBS, jobList(entries));
            for (JobEntry entry : entries) {
                if (entry.endTime() < 0) {
                    String id = entry.jobId();
                    job(id).onSuccess(j -> vertx.eventBus().publish(Addresses.STATUS_JOB_PREFIX + id, j))
                            .onFailure(e -> skipped("job " + id + "'s", e));
                }
            }
        });
    }

    private static void skipped(String whose, Throwable failure) {
        LOG.debug("Skipped publishing {} status this round: {}", whose, String.valueOf(failure));
    }

    private JsonObject clusterStatus(Map<String, Versioned<SlotLedgerEntry>> rows, JsonObject overview) {
        Map<String, JsonArray> byTe = new TreeMap<>();
        List<Map.Entry<String, Versioned<SlotLedgerEntry>>> sorted = new ArrayList<>(rows.entrySet());
        sorted.sort(Map.Entry.comparingByKey());
        for (Map.Entry<String, Versioned<SlotLedgerEntry>> e : sorted) {
            SlotLedgerEntry s = e.getValue().value();
            byTe.computeIfAbsent(s.taskExecutorId(), k -> new JsonArray()).add(new JsonObject()
                    .put("index", s.slotIndex()).put("state", s.state().name()).put("jobId", s.jobId()));
        }
        JsonArray tes = new JsonArray();
        byTe.forEach((te, slots) -> tes.add(new JsonObject().put("id", te).put("slots", slots)));
        return new JsonObject().put("time", clock.millis()).put("overview", overview).put("taskmanagers", tes);
    }
}
