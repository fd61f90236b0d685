package io.ebbflow.web;

import io.ebbflow.core.cluster.Versioned;
import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.protocol.LedgerSlotState;
import io.ebbflow.core.protocol.ResourceManagerMessages;
import io.ebbflow.core.protocol.ResourceManagerMessages.ClusterOverview;
import io.ebbflow.core.protocol.ResourceManagerMessages.SlotView;
import io.ebbflow.core.protocol.ResourceManagerMessages.TaskExecutorView;
import io.ebbflow.core.protocol.TaskExecutorMessages.JvmStatus;
import io.ebbflow.core.protocol.TaskExecutorMessages.TaskExecutorStatus;
import io.ebbflow.core.service.Version;
import io.ebbflow.core.state.JobEntry;
import io.ebbflow.core.state.SlotLedgerEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Map;
import java.util.TimeZone;

/**
 * The cluster in the shapes and field names of Flink's REST API: {@code /config}, {@code /overview},
 * {@code /taskmanagers}, and Ebbflow's {@code /slots}. Fields Flink does not have are added next to
 * Flink's (never renamed), documented in {@code docs/rest-api.md}. Pure functions of their inputs.
 */
final class ClusterJson {

    /** What {@code flink-version} says: Flink tooling shows it, and it must not be mistaken for a Flink release. */
    static final String VERSION = "ebbflow-" + Version.current();

    private ClusterJson() {
    }

    /** {@code GET /config}: the dashboard's configuration, in the time zone {@code tz} at {@code now}. */
    static JsonObject dashboardConfig(TimeZone tz, long now) {
        return new JsonObject()
                .put("refresh-interval", 3000)
                .put("timezone-name", tz.getID())
                .put("timezone-offset", tz.getOffset(now))
                .put("flink-version", VERSION)
                .put("flink-revision", "")
                .put("features", new JsonObject().put("web-submit", false).put("web-cancel", false)
                        .put("web-rescale", false).put("web-history", false));
    }

    /** The slots of every TaskExecutor, and the free ones among them. */
    private static int[] slots(ClusterOverview cluster) {
        int[] out = new int[2];
        for (TaskExecutorView te : cluster.taskExecutors()) {
            out[0] += te.numberOfSlots();
            out[1] += te.freeSlots();
        }
        return out;
    }

    /**
     * {@code GET /jobmanager/metrics}: the cluster's slot and TaskManager counts under the JobManager metric names
     * Flink gives them ({@code taskSlotsTotal}, {@code taskSlotsAvailable}, {@code numRegisteredTaskManagers}); without
     * {@code get} the ids ({@code [{"id"}]}), with it their values as strings ({@code [{"id", "value"}]}).
     */
    static JsonArray jobManagerMetrics(ClusterOverview cluster, java.util.Set<String> get) {
        int[] slots = slots(cluster);
        java.util.Map<String, Integer> values = new java.util.LinkedHashMap<>();
        values.put("taskSlotsTotal", slots[0]);
        values.put("taskSlotsAvailable", slots[1]);
        values.put("numRegisteredTaskManagers", cluster.taskExecutors().size());
        JsonArray out = new JsonArray();
        values.forEach((id, value) -> {
            if (get == null) {
                out.add(new JsonObject().put("id", id));
            } else if (get.contains(id)) {
                out.add(new JsonObject().put("id", id).put("value", String.valueOf(value)));
            }
        });
        return out;
    }

    /**
     * {@code GET /taskmanagers/metrics}: Flink's TaskManager JVM metrics aggregated over the TaskExecutors that told
     * them: {@code Status.JVM.Memory.Heap.Used}, {@code ...Heap.Max}, {@code Status.JVM.Memory.Metaspace.Used},
     * {@code Status.JVM.GarbageCollector.All.TimeMsPerSecond}, and {@code Status.Flink.Memory.Managed.Used}, which is 0:
     * Ebbflow has no managed memory. Shape and parameters as {@link MetricsJson#aggregate}.
     */
    static JsonArray taskManagerMetrics(Collection<TaskExecutorStatus> statuses, java.util.Set<String> get,
            java.util.Set<String> agg) {
        Map<String, java.util.List<Double>> values = new java.util.LinkedHashMap<>();
        for (TaskExecutorStatus s : statuses) {
            JvmStatus jvm = s.jvm();
            if (jvm == null) {
                continue;
            }
            addKnown(values, "Status.JVM.Memory.Heap.Used", jvm.heapUsed());
            addKnown(values, "Status.JVM.Memory.Heap.Max", jvm.heapMax());
            addKnown(values, "Status.JVM.Memory.Metaspace.Used", jvm.metaspaceUsed());
            addKnown(values, "Status.Flink.Memory.Managed.Used", 0);
            values.computeIfAbsent("Status.JVM.GarbageCollector.All.TimeMsPerSecond", k -> new java.util.ArrayList<>())
                    .add(jvm.gcTimeMsPerSecond());
        }
        return MetricsJson.aggregate(values, get, agg);
    }

    private static void addKnown(Map<String, java.util.List<Double>> values, String id, long value) {
        if (value >= 0) {
            values.computeIfAbsent(id, k -> new java.util.ArrayList<>()).add((double) value);
        }
    }

    /**
     * {@code GET /overview}: slots from the ResourceManager, job counts from the job registry, and who leads the
     * ResourceManagers (node id, epoch) with the standbys.
     */
    static JsonObject overview(ClusterOverview cluster, Collection<JobEntry> jobs) {
        int[] slots = slots(cluster);
        return new JsonObject()
                .put("taskmanagers", cluster.taskExecutors().size())
                .put("slots-total", slots[0])
                .put("slots-available", slots[1])
                .put("taskmanagers-blocked", 0)
                .put("slots-free-and-blocked", 0)
                .put("jobs-running", count(jobs, JobStatus.RUNNING))
                .put("jobs-finished", count(jobs, JobStatus.FINISHED))
                .put("jobs-cancelled", count(jobs, JobStatus.CANCELED))
                .put("jobs-failed", count(jobs, JobStatus.FAILED))
                .put("flink-version", VERSION)
                .put("flink-commit", "")
                .put("jobs-created", count(jobs, JobStatus.CREATED))
                .put("resource-manager-epoch", cluster.rmEpoch())
                .put("resourcemanager", new JsonObject().put("leader", cluster.rmNodeId()).put("epoch", cluster.rmEpoch())
                        .put("standbys", new JsonArray(cluster.standbys())))
                .put("workers", workers(cluster.workers()));
    }

    /** The TaskExecutors the ResourceManager's resource provider started or is starting (active mode). */
    private static JsonObject workers(ResourceManagerMessages.WorkersView w) {
        JsonArray list = new JsonArray();
        w.workers().forEach(v -> list.add(new JsonObject().put("id", v.workerId()).put("state", v.state())
                .put("handle", v.handle()).put("requested-at", v.requestedAt())));
        return new JsonObject().put("provider", w.provider()).put("max-task-executors", w.maxTaskExecutors())
                .put("pending", w.pending()).put("started", w.started()).put("failed-starts", w.failedStarts())
                .put("crashes", w.crashes()).put("released", w.released()).put("list", list);
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
}
