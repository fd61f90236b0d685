package io.ebbflow.web;

import io.ebbflow.core.job.JobStatus;

import io.ebbflow.core.cluster.Versioned;
import io.ebbflow.core.protocol.JobMasterMessages.EdgeView;
import io.ebbflow.core.protocol.JobMasterMessages.ExceptionView;
import io.ebbflow.core.protocol.JobMasterMessages.HeldSlot;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.SubtaskView;
import io.ebbflow.core.protocol.JobMasterMessages.TaskMetrics;
import io.ebbflow.core.protocol.JobMasterMessages.VertexMetrics;
import io.ebbflow.core.protocol.JobMasterMessages.VertexView;
import io.ebbflow.core.protocol.LedgerSlotState;
import io.ebbflow.core.protocol.ResourceManagerMessages.ClusterOverview;
import io.ebbflow.core.protocol.ResourceManagerMessages.JobResourceView;
import io.ebbflow.core.protocol.ResourceManagerMessages.SlotView;
import io.ebbflow.core.protocol.ResourceManagerMessages.TaskExecutorView;
import io.ebbflow.core.service.Version;
import io.ebbflow.core.state.JobEntry;
import io.ebbflow.core.state.SlotLedgerEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the services' views in the shapes and field names of Flink's REST API, so Flink users' scripts
 * and tools read them unchanged. Fields Flink does not have are added next to Flink's (never renamed),
 * documented in {@code docs/rest-api.md}. Pure functions of their inputs.
 */
final class FlinkJson {

    private FlinkJson() {
    }

    /** {@code GET /overview}. */
    static JsonObject overview(ClusterOverview cluster, Collection<JobEntry> jobs) {
        int total = 0;
        int free = 0;
        for (TaskExecutorView te : cluster.taskExecutors()) {
            total += te.numberOfSlots();
            free += te.freeSlots();
        }
        return new JsonObject()
                .put("taskmanagers", cluster.taskExecutors().size())
                .put("slots-total", total)
                .put("slots-available", free)
                .put("taskmanagers-blocked", 0)
                .put("slots-free-and-blocked", 0)
                .put("jobs-running", count(jobs, JobStatus.RUNNING))
                .put("jobs-finished", count(jobs, JobStatus.FINISHED))
                .put("jobs-cancelled", count(jobs, JobStatus.CANCELED))
                .put("jobs-failed", count(jobs, JobStatus.FAILED))
                .put("flink-version", "ebbflow-" + Version.current())
                .put("flink-commit", "")
                .put("jobs-created", count(jobs, JobStatus.CREATED))
                .put("resource-manager-epoch", cluster.rmEpoch());
    }

    private static long count(Collection<JobEntry> jobs, JobStatus state) {
        return jobs.stream().filter(j -> j.state() == state).count();
    }

    /** {@code GET /taskmanagers}. */
    static JsonObject taskManagers(ClusterOverview cluster) {
        JsonArray list = new JsonArray();
        cluster.taskExecutors().forEach(te -> list.add(taskManager(te)));
        return new JsonObject().put("taskmanagers", list);
    }

    /** One entry of {@code GET /taskmanagers}, also {@code GET /taskmanagers/:id}. */
    static JsonObject taskManager(TaskExecutorView te) {
        JsonObject hardware = new JsonObject()
                .put("cpuCores", te.hardware().cpuCores())
                .put("physicalMemory", te.hardware().physicalMemory())
                .put("freeMemory", te.hardware().freeMemory())
                .put("managedMemory", 0);
        JsonArray slots = new JsonArray();
        for (SlotView s : te.slots()) {
            slots.add(new JsonObject().put("index", s.index()).put("state", s.state().name())
                    .put("jobId", s.jobId()).put("allocationId", s.allocationId()));
        }
        JsonObject resource = new JsonObject().put("cpuCores", te.numberOfSlots()).put("taskHeapMemory", 0)
                .put("taskOffHeapMemory", 0).put("managedMemory", 0).put("networkMemory", 0)
                .put("extendedResources", new JsonObject());
        JsonObject freeResource = resource.copy().put("cpuCores", te.freeSlots());
        return new JsonObject()
                .put("id", te.taskExecutorId())
                .put("path", "ebbflow.te." + te.taskExecutorId())
                .put("dataPort", te.dataPort())
                .put("jmxPort", -1)
                .put("timeSinceLastHeartbeat", te.lastHeartbeat())
                .put("slotsNumber", te.numberOfSlots())
                .put("freeSlots", te.freeSlots())
                .put("totalResource", resource)
                .put("freeResource", freeResource)
                .put("hardware", hardware)
                .put("blocked", false)
                .put("host", te.host())
                .put("nodeId", te.nodeId())
                .put("registeredAt", te.registeredAt())
                .put("slots", slots);
    }

    /** {@code GET /jobs}. */
    static JsonObject jobIds(Collection<JobEntry> jobs) {
        JsonArray list = new JsonArray();
        jobs.forEach(j -> list.add(new JsonObject().put("id", j.jobId()).put("status", j.state().name())));
        return new JsonObject().put("jobs", list);
    }

    /** {@code GET /jobs/overview}. */
    static JsonObject jobsOverview(Collection<JobEntry> jobs, long now) {
        JsonArray list = new JsonArray();
        for (JobEntry j : jobs) {
            long end = j.endTime();
            list.add(new JsonObject()
                    .put("jid", j.jobId())
                    .put("name", j.name())
                    .put("state", j.state().name())
                    .put("start-time", j.startTime())
                    .put("end-time", end)
                    .put("duration", (end >= 0 ? end : now) - j.startTime())
                    .put("last-modification", end >= 0 ? end : j.startTime())
                    .put("tasks", taskCounts(0, 0)));
        }
        return new JsonObject().put("jobs", list);
    }

    private static JsonObject taskCounts(int created, int running) {
        return new JsonObject().put("total", created + running).put("created", created).put("scheduled", 0)
                .put("deploying", 0).put("running", running).put("finished", 0).put("canceling", 0)
                .put("canceled", 0).put("failed", 0).put("reconciling", 0).put("initializing", 0);
    }

    /**
     * {@code GET /jobs/:jobid} from the JobMaster's details, with the job's share from the ResourceManager
     * when known.
     */
    static JsonObject jobDetails(JobDetails d, JobEntry entry, JobResourceView share, long now) {
        JsonArray vertices = new JsonArray();
        JsonArray nodes = new JsonArray();
        Map<String, Integer> statusCounts = new TreeMap<>();
        int maxParallelism = 0;
        for (VertexView v : d.vertices()) {
            maxParallelism = Math.max(maxParallelism, v.maxParallelism());
            statusCounts.merge(v.status().name(), 1, Integer::sum);
            long start = v.subtasks().stream().mapToLong(SubtaskView::startTime).filter(t -> t > 0).min().orElse(-1);
            vertices.add(new JsonObject()
                    .put("id", v.id())
                    .put("name", v.name())
                    .put("maxParallelism", v.maxParallelism())
                    .put("parallelism", v.parallelism())
                    .put("status", v.status().name())
                    .put("start-time", start)
                    .put("end-time", -1)
                    .put("duration", start < 0 ? -1 : now - start)
                    .put("tasks", subtaskCounts(v))
                    .put("metrics", vertexMetrics(v.metrics()))
                    .put("resources", new JsonObject()
                            .put("minParallelism", v.minParallelism())
                            .put("targetParallelism", v.targetParallelism())
                            .put("maxParallelism", v.maxParallelism())
                            .put("slotSharingGroup", v.slotSharingGroup())));
            JsonArray inputs = new JsonArray();
            int num = 0;
            for (EdgeView e : d.edges()) {
                if (e.target().equals(v.id())) {
                    inputs.add(new JsonObject().put("num", num++).put("id", e.source())
                            .put("ship_strategy", e.partitioning()).put("exchange", "pipelined_bounded"));
                }
            }
            nodes.add(new JsonObject().put("id", v.id()).put("parallelism", v.parallelism())
                    .put("operator", "").put("operator_strategy", "").put("description", v.name())
                    .put("inputs", inputs).put("optimizer_properties", new JsonObject()));
        }
        long end = entry == null ? -1 : entry.endTime();
        JsonArray allocations = new JsonArray();
        for (HeldSlot s : d.slots()) {
            allocations.add(new JsonObject().put("allocationId", s.allocationId()).put("taskManagerId", s.taskExecutorId())
                    .put("slotIndex", s.slotIndex()).put("state", s.state()).put("since", s.since()));
        }
        JsonObject slots = new JsonObject()
                .put("min", d.minSlots())
                .put("desired", d.desiredSlots())
                .put("quota", d.quota())
                .put("held", d.slots().size())
                .put("allocations", allocations);
        if (share != null) {
            slots.put("submissionOrder", share.submissionSeq()).put("acquiredAtResourceManager", share.acquired());
        }
        return new JsonObject()
                .put("jid", d.jobId())
                .put("name", d.name())
                .put("isStoppable", false)
                .put("state", d.state().name())
                .put("job-type", "STREAMING")
                .put("start-time", d.startTime())
                .put("end-time", end)
                .put("duration", (end >= 0 ? end : now) - d.startTime())
                .put("maxParallelism", maxParallelism)
                .put("now", now)
                .put("timestamps", new JsonObject().put(d.state().name(), d.startTime()))
                .put("vertices", vertices)
                .put("status-counts", new JsonObject(new java.util.LinkedHashMap<>(statusCounts)))
                .put("plan", new JsonObject().put("jid", d.jobId()).put("name", d.name()).put("type", "STREAMING")
                        .put("nodes", nodes))
                .put("schedulerState", d.schedulerState())
                .put("jobMasterEpoch", d.jobMasterEpoch())
                .put("slots", slots);
    }

    /** {@code GET /jobs/:jobid} for a job whose JobMaster is gone: what the job list remembers. */
    static JsonObject jobFromEntry(JobEntry j, long now) {
        long end = j.endTime();
        return new JsonObject()
                .put("jid", j.jobId())
                .put("name", j.name())
                .put("isStoppable", false)
                .put("state", j.state().name())
                .put("job-type", "STREAMING")
                .put("start-time", j.startTime())
                .put("end-time", end)
                .put("duration", (end >= 0 ? end : now) - j.startTime())
                .put("now", now)
                .put("vertices", new JsonArray())
                .put("jobMasterEpoch", j.jobMasterEpoch())
                .put("jobMasterReachable", false);
    }

    /** Flink's per-vertex task counts by execution state. */
    private static JsonObject subtaskCounts(VertexView v) {
        JsonObject counts = taskCounts(0, 0);
        for (SubtaskView s : v.subtasks()) {
            String key = s.status().name().toLowerCase(java.util.Locale.ROOT);
            if (counts.containsKey(key)) {
                counts.put(key, counts.getInteger(key) + 1);
            }
        }
        counts.put("total", v.subtasks().size());
        return counts;
    }

    /** Flink's per-vertex {@code metrics} object, plus the task rates the autoscaler reads. */
    private static JsonObject vertexMetrics(VertexMetrics m) {
        return new JsonObject()
                .put("read-bytes", m.readBytes()).put("read-bytes-complete", true)
                .put("write-bytes", m.writeBytes()).put("write-bytes-complete", true)
                .put("read-records", m.readRecords()).put("read-records-complete", true)
                .put("write-records", m.writeRecords()).put("write-records-complete", true)
                .put("numRecordsInPerSecond", m.numRecordsInPerSecond())
                .put("numRecordsOutPerSecond", m.numRecordsOutPerSecond())
                .put("busyTimeMsPerSecond", m.busyTimeMsPerSecondMax())
                .put("backPressuredTimeMsPerSecond", m.backPressuredTimeMsPerSecondMax())
                .put("idleTimeMsPerSecond", m.idleTimeMsPerSecondAvg())
                .put("pendingRecords", m.pendingRecords() < 0 ? null : m.pendingRecords());
    }

    /** {@code GET /jobs/:jobid/vertices/:vertexid}: the vertex with one row per subtask. */
    static JsonObject vertexDetails(VertexView v, long now) {
        JsonArray subtasks = new JsonArray();
        for (SubtaskView s : v.subtasks()) {
            TaskMetrics m = s.metrics();
            // One subtask has the shape of a vertex of one: the same Flink fields.
            JsonObject metrics = vertexMetrics(m == null ? VertexMetrics.NONE : new VertexMetrics(m.numRecordsIn(),
                    m.numRecordsOut(), m.numBytesIn(), m.numBytesOut(), m.numRecordsInPerSecond(),
                    m.numRecordsOutPerSecond(), m.busyTimeMsPerSecond(), m.backPressuredTimeMsPerSecond(),
                    m.idleTimeMsPerSecond(), m.pendingRecords()));
            subtasks.add(new JsonObject()
                    .put("subtask", s.subtask())
                    .put("status", s.status().name())
                    .put("attempt", 0)
                    .put("endpoint", s.taskExecutorId())
                    .put("taskmanager-id", s.taskExecutorId())
                    .put("start-time", s.startTime())
                    .put("end-time", -1)
                    .put("duration", s.startTime() > 0 ? now - s.startTime() : -1)
                    .put("metrics", metrics));
        }
        return new JsonObject().put("id", v.id()).put("name", v.name()).put("parallelism", v.parallelism())
                .put("maxParallelism", v.maxParallelism()).put("now", now).put("subtasks", subtasks);
    }

    /** {@code GET /jobs/:jobid/exceptions}: Flink's exception history shape, newest first. */
    static JsonObject exceptions(JobDetails d) {
        JsonArray entries = new JsonArray();
        for (ExceptionView e : d.exceptions()) {
            entries.add(new JsonObject().put("exceptionName", firstLine(e.exception()))
                    .put("stacktrace", e.exception()).put("timestamp", e.timestamp())
                    .put("taskName", e.taskName()).put("endpoint", e.taskExecutorId())
                    .put("taskManagerId", e.taskExecutorId()).put("failureLabels", new JsonObject())
                    .put("concurrentExceptions", new JsonArray()));
        }
        ExceptionView root = d.exceptions().isEmpty() ? null : d.exceptions().get(0);
        return new JsonObject()
                .put("root-exception", root == null ? null : root.exception())
                .put("timestamp", root == null ? null : root.timestamp())
                .put("all-exceptions", new JsonArray())
                .put("truncated", false)
                .put("exceptionHistory", new JsonObject().put("entries", entries).put("truncated", false));
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /** {@code GET /jobs/:jobid/resource-requirements}: per vertex, min and target as Flink's bounds. */
    static JsonObject resourceRequirements(JobDetails d) {
        JsonObject out = new JsonObject();
        for (VertexView v : d.vertices()) {
            out.put(v.id(), new JsonObject().put("parallelism", new JsonObject()
                    .put("lowerBound", v.minParallelism()).put("upperBound", v.targetParallelism())));
        }
        return out;
    }

    /** {@code GET /slots}: the shared slot ledger, with each row's version and the epoch of its writer. */
    static JsonObject ledger(Map<String, Versioned<SlotLedgerEntry>> rows) {
        JsonArray list = new JsonArray();
        rows.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> list.add(new JsonObject()
                .put("slotId", e.getKey())
                .put("taskManagerId", e.getValue().value().taskExecutorId())
                .put("index", e.getValue().value().slotIndex())
                .put("state", e.getValue().value().state().name())
                .put("jobId", e.getValue().value().jobId())
                .put("allocationId", e.getValue().value().allocationId())
                .put("version", e.getValue().version())
                .put("epoch", e.getValue().fence())));
        long free = rows.values().stream().filter(r -> r.value().state() == LedgerSlotState.FREE).count();
        return new JsonObject().put("slots", list).put("total", rows.size()).put("free", free);
    }

    /** {@code GET /jobs/:jobid/checkpoints} in Flink's shape. */
    static JsonObject checkpoints(io.ebbflow.core.protocol.JobMasterMessages.JobCheckpoints c) {
        JsonArray history = new JsonArray();
        c.history().forEach(h -> history.add(checkpoint(h)));
        JsonObject latest = new JsonObject()
                .put("completed", c.latestCompleted() == null ? null : checkpoint(c.latestCompleted()))
                .put("savepoint", c.latestSavepoint() == null ? null : checkpoint(c.latestSavepoint()))
                .put("failed", c.latestFailed() == null ? null : checkpoint(c.latestFailed()))
                .put("restored", c.restored() == null ? null : new JsonObject().put("id", c.restored().id())
                        .put("restore_timestamp", c.restoreTimestamp()).put("is_savepoint", c.restored().savepoint())
                        .put("external_path", c.restored().externalPath()));
        List<io.ebbflow.core.protocol.JobMasterMessages.CheckpointView> done = c.history().stream()
                .filter(h -> h.status().equals("COMPLETED")).toList();
        JsonObject summary = new JsonObject()
                .put("state_size", stats(done.stream().mapToLong(io.ebbflow.core.protocol.JobMasterMessages.CheckpointView::stateSize)))
                .put("checkpointed_size", stats(done.stream().mapToLong(io.ebbflow.core.protocol.JobMasterMessages.CheckpointView::stateSize)))
                .put("end_to_end_duration", stats(done.stream()
                        .mapToLong(io.ebbflow.core.protocol.JobMasterMessages.CheckpointView::endToEndDuration)));
        return new JsonObject()
                .put("counts", new JsonObject().put("restored", c.restoredCount())
                        .put("total", c.completed() + c.failed() + c.inProgress()).put("in_progress", c.inProgress())
                        .put("completed", c.completed()).put("failed", c.failed()))
                .put("summary", summary).put("latest", latest).put("history", history);
    }

    private static JsonObject stats(java.util.stream.LongStream values) {
        java.util.LongSummaryStatistics s = values.summaryStatistics();
        return s.getCount() == 0 ? new JsonObject().put("min", 0).put("max", 0).put("avg", 0)
                : new JsonObject().put("min", s.getMin()).put("max", s.getMax()).put("avg", Math.round(s.getAverage()));
    }

    private static JsonObject checkpoint(io.ebbflow.core.protocol.JobMasterMessages.CheckpointView v) {
        JsonObject o = new JsonObject()
                .put("@class", v.status().equals("COMPLETED") ? "completed" : v.status().equals("FAILED") ? "failed" : "in_progress")
                .put("id", v.id()).put("status", v.status()).put("is_savepoint", v.savepoint())
                .put("checkpoint_type", v.savepoint() ? "SAVEPOINT" : "CHECKPOINT")
                .put("trigger_timestamp", v.triggerTimestamp()).put("latest_ack_timestamp", v.latestAckTimestamp())
                .put("state_size", v.stateSize()).put("checkpointed_size", v.stateSize())
                .put("end_to_end_duration", v.endToEndDuration()).put("num_subtasks", v.numSubtasks())
                .put("num_acknowledged_subtasks", v.numAcknowledgedSubtasks());
        if (v.status().equals("COMPLETED")) {
            o.put("external_path", v.externalPath()).put("discarded", false);
        }
        if (v.status().equals("FAILED")) {
            o.put("failure_timestamp", v.triggerTimestamp() + v.endToEndDuration()).put("failure_message", v.failureMessage());
        }
        return o;
    }

    /** {@code GET /jobs/:jobid/rescales/history}: every rescale and restart, newest first. */
    static JsonObject rescaleHistory(io.ebbflow.core.protocol.JobMasterMessages.JobRescales r) {
        JsonArray list = new JsonArray();
        for (io.ebbflow.core.protocol.JobMasterMessages.RescaleView v : r.history()) {
            list.add(new JsonObject().put("id", v.id()).put("type", v.rescale() ? "RESCALE" : "RESTART")
                    .put("triggerCause", v.cause()).put("startTimestamp", v.start()).put("endTimestamp", v.end())
                    .put("durationMs", v.end() < 0 ? -1 : v.end() - v.start())
                    .put("terminalState", v.end() < 0 ? "IN_PROGRESS" : v.after().isEmpty() ? "SUPERSEDED" : "COMPLETED")
                    .put("parallelismBefore", new JsonObject(new java.util.LinkedHashMap<>(v.before())))
                    .put("parallelismAfter", new JsonObject(new java.util.LinkedHashMap<>(v.after())))
                    .put("phases", phases(v.phases()))
                    .put("reprocessedRecords", v.reprocessed() < 0 ? null : v.reprocessed())
                    .put("reprocessedUnknownSubtasks", v.reprocessedUnknownSubtasks()));
        }
        return new JsonObject().put("rescales", list);
    }

    private static JsonArray phases(List<io.ebbflow.core.protocol.JobMasterMessages.PhaseView> phases) {
        JsonArray out = new JsonArray();
        for (io.ebbflow.core.protocol.JobMasterMessages.PhaseView p : phases) {
            out.add(new JsonObject().put("name", p.name()).put("startTimestamp", p.start()).put("endTimestamp", p.end())
                    .put("durationMs", p.end() < 0 ? -1 : p.end() - p.start()));
        }
        return out;
    }

    /** {@code GET /jobs/:jobid/rescales/overview}: counts and the scheduler's current decision phase. */
    static JsonObject rescaleOverview(io.ebbflow.core.protocol.JobMasterMessages.JobRescales r) {
        return new JsonObject().put("numRescales", r.numRescales()).put("numRestarts", r.numRestarts())
                .put("schedulerState", r.schedulerState()).put("phase", r.phase())
                .put("phaseDeadline", r.phaseDeadline())
                .put("latest", r.history().isEmpty() ? null : rescaleHistory(r).getJsonArray("rescales").getJsonObject(0));
    }

    /** {@code GET /jobs/:jobid/rescales/summary}: durations of the completed rescales. */
    static JsonObject rescaleSummary(io.ebbflow.core.protocol.JobMasterMessages.JobRescales r) {
        java.util.LongSummaryStatistics d = r.history().stream().filter(v -> v.end() >= 0 && v.rescale())
                .mapToLong(v -> v.end() - v.start()).summaryStatistics();
        return new JsonObject().put("count", d.getCount())
                .put("durationMs", new JsonObject().put("min", d.getCount() == 0 ? 0 : d.getMin())
                        .put("max", d.getCount() == 0 ? 0 : d.getMax()).put("avg", Math.round(d.getAverage())));
    }

    /** {@code GET /jobs/:jobid/rescales/config}: the effective adaptive-scheduler settings. */
    static JsonObject rescaleConfig(io.ebbflow.core.protocol.JobMasterMessages.JobRescales r) {
        return new JsonObject(new java.util.LinkedHashMap<>(r.config()));
    }

    /** {@code GET /jobs/:jobid/accumulators} in Flink's shape. */
    static JsonObject accumulators(Map<String, Long> values) {
        JsonArray user = new JsonArray();
        values.forEach((k, v) -> user.add(new JsonObject().put("name", k).put("type", "LongCounter").put("value", String.valueOf(v))));
        return new JsonObject().put("job-accumulators", new JsonArray()).put("user-task-accumulators", user)
                .put("serialized-user-task-accumulators", new JsonObject());
    }

    /** {@code GET /jobs/:jobid/savepoints/:triggerid}: Flink's asynchronous-operation shape. */
    static JsonObject savepointStatus(io.ebbflow.core.protocol.JobMasterMessages.SavepointStatus s) {
        JsonObject out = new JsonObject().put("status", new JsonObject().put("id", s.status()));
        if (s.status().equals("COMPLETED")) {
            out.put("operation", s.failureCause() == null ? new JsonObject().put("location", s.location())
                    : new JsonObject().put("failure-cause", new JsonObject().put("class", "java.lang.Exception")
                            .put("stack-trace", s.failureCause()).put("serialized-throwable", null)));
        }
        return out;
    }

    /** Flink's error body. */
    static JsonObject errors(String message) {
        return new JsonObject().put("errors", new JsonArray().add(message));
    }
}
