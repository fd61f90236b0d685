package io.ebbflow.web;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.protocol.JobMasterMessages.EdgeView;
import io.ebbflow.core.protocol.JobMasterMessages.ExceptionView;
import io.ebbflow.core.protocol.JobMasterMessages.HeldSlot;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.SubtaskView;
import io.ebbflow.core.protocol.JobMasterMessages.TaskMetrics;
import io.ebbflow.core.protocol.JobMasterMessages.VertexMetrics;
import io.ebbflow.core.protocol.JobMasterMessages.VertexView;
import io.ebbflow.core.protocol.ResourceManagerMessages.JobResourceView;
import io.ebbflow.core.state.JobEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Jobs in the shapes and field names of Flink's REST API: {@code /jobs}, {@code /jobs/overview},
 * {@code /jobs/:jobid}, its vertices, exceptions and accumulators. Fields Flink does not have are added
 * next to Flink's (never renamed), documented in {@code docs/rest-api.md}. Pure functions of their inputs;
 * {@code now} is a parameter.
 */
final class JobJson {

    private JobJson() {
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
                    .put("tasks", taskCounts()));
        }
        return new JsonObject().put("jobs", list);
    }

    /** Flink's task counts by execution state, all zero. */
    private static JsonObject taskCounts() {
        return new JsonObject().put("total", 0).put("created", 0).put("scheduled", 0)
                .put("deploying", 0).put("running", 0).put("finished", 0).put("canceling", 0)
                .put("canceled", 0).put("failed", 0).put("reconciling", 0).put("initializing", 0);
    }

    /**
     * {@code GET /jobs/:jobid} from the JobMaster's details, with the end time from the job registry's
     * {@code entry} and the job's share from the ResourceManager, each when known (else null).
     */
    /**
     * Who runs the job: the leading JobMaster (its cluster node and epoch, the fencing token) and the standbys
     * waiting to take over.
     */
    static JsonObject leadership(JobDetails d, JobEntry entry, List<String> standbys) {
        return new JsonObject().put("leader", entry == null ? null : entry.nodeId()).put("epoch", d.jobMasterEpoch())
                .put("standbys", new JsonArray(standbys == null ? List.of() : standbys));
    }

    static JsonObject jobDetails(JobDetails d, JobEntry entry, JobResourceView share, long now) {
        JsonArray vertices = new JsonArray();
        JsonArray nodes = new JsonArray();
        Map<String, Integer> statusCounts = new TreeMap<>();
        int maxParallelism = 0;
        for (VertexView v : d.vertices()) {
            maxParallelism = Math.max(maxParallelism, v.maxParallelism());
            statusCounts.merge(v.status().name(), 1, Integer::sum);
            vertices.add(vertex(v, now));
            nodes.add(planNode(d, v));
        }
        return job(d.jobId(), d.name(), d.state(), d.startTime(), entry == null ? -1 : entry.endTime(), now)
                .put("maxParallelism", maxParallelism)
                .put("now", now)
                .put("timestamps", timestamps(d))
                .put("vertices", vertices)
                .put("status-counts", new JsonObject(new LinkedHashMap<>(statusCounts)))
                .put("plan", plan(d, nodes))
                .put("schedulerState", d.schedulerState())
                .put("jobMasterEpoch", d.jobMasterEpoch())
                .put("slots", slots(d, share))
                .put("sourceMetrics", sourceMetrics(d));
    }

    /**
     * Ebbflow's job-level sums of the source metrics an external autoscaler reads: the backlog ({@code pendingRecords})
     * and the records skipped as unreadable ({@code numRecordsInErrors}) over every source subtask that tells them,
     * and the largest event-time lags; null where no source tells.
     */
    private static JsonObject sourceMetrics(JobDetails d) {
        long pending = -1;
        long errors = -1;
        long fetchLag = -1;
        long emitLag = -1;
        for (VertexView v : d.vertices()) {
            VertexMetrics m = v.metrics();
            pending = m.pendingRecords() < 0 ? pending : Math.max(0, pending) + m.pendingRecords();
            errors = m.numRecordsInErrors() < 0 ? errors : Math.max(0, errors) + m.numRecordsInErrors();
            fetchLag = Math.max(fetchLag, m.currentFetchEventTimeLagMax());
            emitLag = Math.max(emitLag, m.currentEmitEventTimeLagMax());
        }
        return new JsonObject().put("pendingRecords", orNull(pending)).put("numRecordsInErrors", orNull(errors))
                .put("currentFetchEventTimeLag", orNull(fetchLag)).put("currentEmitEventTimeLag", orNull(emitLag));
    }

    /** A figure, or null where it cannot be told (-1). */
    private static Long orNull(long value) {
        return value < 0 ? null : value;
    }

    /** The fields {@code GET /jobs/:jobid} starts with; {@code end} is -1 while the job runs. */
    private static JsonObject job(String jobId, String name, JobStatus state, long start, long end, long now) {
        return new JsonObject()
                .put("jid", jobId)
                .put("name", name)
                .put("isStoppable", false)
                .put("state", state.name())
                .put("job-type", "STREAMING")
                .put("start-time", start)
                .put("end-time", end)
                .put("duration", (end >= 0 ? end : now) - start);
    }

    /** One entry of {@code vertices[]}: Flink's fields and Ebbflow's declared bounds. */
    private static JsonObject vertex(VertexView v, long now) {
        long start = v.subtasks().stream().mapToLong(SubtaskView::startTime).filter(t -> t > 0).min().orElse(-1);
        return new JsonObject()
                .put("id", v.id())
                .put("name", v.name())
                .put("maxParallelism", v.maxParallelism())
                .put("parallelism", v.parallelism())
                .put("status", v.status().name())
                .put("start-time", start)
                .put("end-time", -1)
                .put("duration", start < 0 ? -1 : now - start)
                .put("slotSharingGroupId", slotSharingGroupId(v.slotSharingGroup()))
                .put("tasks", subtaskCounts(v))
                .put("metrics", vertexMetrics(v.metrics()))
                .put("resources", new JsonObject()
                        .put("minParallelism", v.minParallelism())
                        .put("targetParallelism", v.targetParallelism())
                        .put("maxParallelism", v.maxParallelism())
                        .put("slotSharingGroup", v.slotSharingGroup()));
    }

    /**
     * Flink's {@code timestamps}: when the job entered its current state; RUNNING is when its current execution came
     * to run whole (its last subtask to start), so a rescale or restart moves it, as in Flink, where tools such as
     * the autoscaler take it for the start of the metrics they may use.
     */
    static JsonObject timestamps(JobDetails d) {
        long since = d.startTime();
        if (d.state() == io.ebbflow.core.job.JobStatus.RUNNING) {
            for (VertexView v : d.vertices()) {
                for (var s : v.subtasks()) {
                    since = Math.max(since, s.startTime());
                }
            }
        }
        return new JsonObject().put(d.state().name(), since);
    }

    /** {@code GET /jobs/:jobid/plan}: Flink's job plan (the {@code plan} of the job's details) on its own. */
    static JsonObject plan(JobDetails d) {
        JsonArray nodes = new JsonArray();
        d.vertices().forEach(v -> nodes.add(planNode(d, v)));
        return new JsonObject().put("plan", plan(d, nodes));
    }

    private static JsonObject plan(JobDetails d, JsonArray nodes) {
        return new JsonObject().put("jid", d.jobId()).put("name", d.name()).put("type", "STREAMING").put("nodes", nodes);
    }

    /** One entry of {@code plan.nodes[]}, with the vertex's inputs numbered in edge order. */
    private static JsonObject planNode(JobDetails d, VertexView v) {
        JsonArray inputs = new JsonArray();
        int num = 0;
        for (EdgeView e : d.edges()) {
            if (e.target().equals(v.id())) {
                inputs.add(new JsonObject().put("num", num++).put("id", e.source())
                        .put("ship_strategy", e.partitioning()).put("exchange", "pipelined_bounded"));
            }
        }
        return new JsonObject().put("id", v.id()).put("parallelism", v.parallelism())
                .put("operator", "").put("operator_strategy", "").put("description", v.name())
                .put("inputs", inputs).put("optimizer_properties", new JsonObject());
    }

    /** Ebbflow's {@code slots}: what the job declares, its share, and the slots it holds. */
    private static JsonObject slots(JobDetails d, JobResourceView share) {
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
        return slots;
    }

    /** {@code GET /jobs/:jobid} for a job whose JobMaster is gone: what the job registry remembers. */
    static JsonObject jobFromEntry(JobEntry j, long now) {
        return job(j.jobId(), j.name(), j.state(), j.startTime(), j.endTime(), now)
                .put("now", now)
                .put("vertices", new JsonArray())
                .put("jobMasterEpoch", j.jobMasterEpoch())
                .put("jobMasterReachable", false);
    }

    /** Flink's per-vertex task counts by execution state. */
    /** Flink's execution states, the keys of a vertex's {@code tasks} in {@code GET /jobs/:jobid}. */
    private static final List<String> EXECUTION_STATES = List.of("CREATED", "SCHEDULED", "DEPLOYING", "RUNNING",
            "FINISHED", "CANCELING", "CANCELED", "FAILED", "RECONCILING", "INITIALIZING");

    /** A vertex's subtasks by execution state, as Flink counts them in a job's details (every state, upper case). */
    private static JsonObject subtaskCounts(VertexView v) {
        JsonObject counts = new JsonObject();
        EXECUTION_STATES.forEach(s -> counts.put(s, 0));
        for (SubtaskView s : v.subtasks()) {
            String key = s.status().name();
            if (counts.containsKey(key)) {
                counts.put(key, counts.getInteger(key) + 1);
            }
        }
        return counts;
    }

    /**
     * A slot-sharing group's id as Flink gives it (32 hex digits, which Flink's REST client requires): derived from
     * the group's name, so the vertices of one group share it.
     */
    static String slotSharingGroupId(String group) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("slot-sharing-group:" + group).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Flink's per-vertex {@code metrics} object, plus the task rates the autoscaler reads. */
    private static JsonObject vertexMetrics(VertexMetrics m) {
        return new JsonObject()
                .put("read-bytes", m.readBytes()).put("read-bytes-complete", true)
                .put("write-bytes", m.writeBytes()).put("write-bytes-complete", true)
                .put("read-records", m.readRecords()).put("read-records-complete", true)
                .put("write-records", m.writeRecords()).put("write-records-complete", true)
                .put("accumulated-busy-time", (double) m.totals().busyMillis())
                .put("accumulated-backpressured-time", m.totals().backPressuredMillis())
                .put("accumulated-idle-time", m.totals().idleMillis())
                .put("numRecordsInPerSecond", m.numRecordsInPerSecond())
                .put("numRecordsOutPerSecond", m.numRecordsOutPerSecond())
                .put("busyTimeMsPerSecond", m.busyTimeMsPerSecondMax())
                .put("backPressuredTimeMsPerSecond", m.backPressuredTimeMsPerSecondMax())
                .put("idleTimeMsPerSecond", m.idleTimeMsPerSecondAvg())
                .put("pendingRecords", orNull(m.pendingRecords()))
                .put("currentFetchEventTimeLag", orNull(m.currentFetchEventTimeLagMax()))
                .put("currentEmitEventTimeLag", orNull(m.currentEmitEventTimeLagMax()))
                .put("numRecordsInErrors", orNull(m.numRecordsInErrors()));
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
                    m.idleTimeMsPerSecond(), m.pendingRecords(), m.currentFetchEventTimeLag(), m.currentEmitEventTimeLag(),
                    m.numRecordsInErrors()));
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

    /** {@code GET /jobs/:jobid/accumulators}: each value a string, as in Flink. */
    static JsonObject accumulators(Map<String, Long> values) {
        JsonArray user = new JsonArray();
        values.forEach((k, v) -> user.add(new JsonObject().put("name", k).put("type", "LongCounter").put("value", String.valueOf(v))));
        return new JsonObject().put("job-accumulators", new JsonArray()).put("user-task-accumulators", user)
                .put("serialized-user-task-accumulators", new JsonObject());
    }
}
