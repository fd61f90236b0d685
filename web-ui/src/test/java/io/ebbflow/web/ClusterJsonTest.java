package io.ebbflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.cluster.Versioned;
import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.protocol.LedgerSlotState;
import io.ebbflow.core.protocol.ResourceManagerMessages;
import io.ebbflow.core.protocol.ResourceManagerMessages.ClusterOverview;
import io.ebbflow.core.protocol.ResourceManagerMessages.SlotView;
import io.ebbflow.core.protocol.ResourceManagerMessages.TaskExecutorView;
import io.ebbflow.core.service.Version;
import io.ebbflow.core.state.JobEntry;
import io.ebbflow.core.state.SlotLedgerEntry;
import io.ebbflow.core.testing.ProtocolSamples;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class ClusterJsonTest {

    private static final ClusterOverview CLUSTER = Samples.of(ClusterOverview.class);

    private static JobEntry job(String id, JobStatus state) {
        return new JobEntry(id, "Job " + id, 1, "node-1", 1000, state.isGloballyTerminal() ? 2000 : -1, state);
    }

    @Test
    void overviewCountsSlotsOfEveryTaskManagerAndJobsByFlinkStatus() {
        TaskExecutorView second = new TaskExecutorView("te-2", "node-2", "127.0.0.1", 40124, 3, 0, 1000, 2000,
                ProtocolSamples.HARDWARE, List.of());
        ClusterOverview cluster = new ClusterOverview(7, "node-0", 1000, List.of(CLUSTER.taskExecutors().get(0), second),
                List.of());
        List<JobEntry> jobs = List.of(job("a", JobStatus.RUNNING), job("b", JobStatus.RUNNING),
                job("c", JobStatus.FINISHED), job("d", JobStatus.CANCELED), job("e", JobStatus.FAILED),
                job("f", JobStatus.CREATED), job("g", JobStatus.SUSPENDED));

        JsonObject overview = ClusterJson.overview(cluster, jobs);

        assertThat(overview.getInteger("taskmanagers")).isEqualTo(2);
        assertThat(overview.getInteger("slots-total")).isEqualTo(5);
        assertThat(overview.getInteger("slots-available")).isEqualTo(1);
        assertThat(overview.getInteger("taskmanagers-blocked")).isZero();
        assertThat(overview.getInteger("slots-free-and-blocked")).isZero();
        assertThat(overview.getLong("jobs-running")).isEqualTo(2);
        assertThat(overview.getLong("jobs-finished")).isEqualTo(1);
        assertThat(overview.getLong("jobs-cancelled")).isEqualTo(1);
        assertThat(overview.getLong("jobs-failed")).isEqualTo(1);
        assertThat(overview.getString("flink-version")).isEqualTo("ebbflow-" + Version.current());
        assertThat(overview.getString("flink-commit")).isEmpty();
        assertThat(overview.getLong("jobs-created")).isEqualTo(1);
        assertThat(overview.getLong("resource-manager-epoch")).isEqualTo(7);
    }

    @Test
    void overviewNamesTheLeadingResourceManagerItsEpochAndTheStandbys() {
        ClusterOverview cluster = new ClusterOverview(3, "node-rm-2", 0, List.of(), List.of(), List.of("node-rm-3"));

        JsonObject rm = ClusterJson.overview(cluster, List.of()).getJsonObject("resourcemanager");

        assertThat(rm.getString("leader")).isEqualTo("node-rm-2");
        assertThat(rm.getLong("epoch")).isEqualTo(3);
        assertThat(rm.getJsonArray("standbys").getList()).containsExactly("node-rm-3");
    }

    @Test
    void overviewShowsTheWorkersOfTheResourceProviderPendingAndStarted() {
        ClusterOverview cluster = new ClusterOverview(2, "node-rm", 0, List.of(), List.of(), List.of(),
                new ResourceManagerMessages.WorkersView("process", 4, 1, 1, 2, 1, 0, List.of(
                        new ResourceManagerMessages.WorkerView("worker-a", "REGISTERED", "4242", 100),
                        new ResourceManagerMessages.WorkerView("worker-b", "REQUESTED", null, 200))));

        JsonObject workers = ClusterJson.overview(cluster, List.of()).getJsonObject("workers");

        assertThat(workers.getString("provider")).isEqualTo("process");
        assertThat(workers.getInteger("pending")).isEqualTo(1);
        assertThat(workers.getInteger("started")).isEqualTo(1);
        assertThat(workers.getLong("failed-starts")).isEqualTo(2);
        assertThat(workers.getLong("crashes")).isEqualTo(1);
        assertThat(workers.getJsonArray("list").getJsonObject(0).getString("handle")).isEqualTo("4242");
        assertThat(workers.getJsonArray("list").getJsonObject(1).getString("state")).isEqualTo("REQUESTED");
        assertThat(ClusterJson.overview(new ClusterOverview(1, "n", 0, List.of(), List.of()), List.of())
                .getJsonObject("workers").getString("provider")).isEqualTo("standalone");
    }

    @Test
    void overviewOfAnEmptyClusterIsAllZeros() {
        JsonObject overview = ClusterJson.overview(new ClusterOverview(1, "node-0", 0, List.of(), List.of()), List.of());

        assertThat(overview.getInteger("taskmanagers")).isZero();
        assertThat(overview.getInteger("slots-total")).isZero();
        assertThat(overview.getInteger("slots-available")).isZero();
        assertThat(overview.getLong("jobs-running")).isZero();
    }

    @Test
    void taskManagerHasFlinksFieldsAndTheLedgersSlots() {
        JsonObject tm = ClusterJson.taskManager(CLUSTER.taskExecutors().get(0));

        assertThat(tm.getString("id")).isEqualTo("te-1");
        assertThat(tm.getString("path")).isEqualTo("ebbflow.te.te-1");
        assertThat(tm.getInteger("dataPort")).isEqualTo(40123);
        assertThat(tm.getInteger("jmxPort")).isEqualTo(-1);
        assertThat(tm.getLong("timeSinceLastHeartbeat")).isEqualTo(2000);
        assertThat(tm.getInteger("slotsNumber")).isEqualTo(2);
        assertThat(tm.getInteger("freeSlots")).isEqualTo(1);
        assertThat(tm.getJsonObject("totalResource").getInteger("cpuCores")).isEqualTo(2);
        assertThat(tm.getJsonObject("totalResource").fieldNames()).containsExactly("cpuCores", "taskHeapMemory",
                "taskOffHeapMemory", "managedMemory", "networkMemory", "extendedResources");
        assertThat(tm.getJsonObject("freeResource").getInteger("cpuCores")).isEqualTo(1);
        assertThat(tm.getJsonObject("hardware")).isEqualTo(new JsonObject().put("cpuCores", 2)
                .put("physicalMemory", 1L << 34).put("freeMemory", 1L << 27).put("managedMemory", 0));
        assertThat(tm.getBoolean("blocked")).isFalse();
        assertThat(tm.getString("host")).isEqualTo("127.0.0.1");
        assertThat(tm.getString("nodeId")).isEqualTo("node-1");
        assertThat(tm.getLong("registeredAt")).isEqualTo(1000);
        assertThat(tm.getJsonArray("slots").getJsonObject(0)).isEqualTo(new JsonObject().put("index", 0)
                .put("state", "FREE").putNull("jobId").putNull("allocationId"));
    }

    @Test
    void taskManagersListsEveryTaskManager() {
        TaskExecutorView allocated = new TaskExecutorView("te-2", "node-2", "127.0.0.1", 40124, 1, 0, 1000, 2000,
                ProtocolSamples.HARDWARE, List.of(new SlotView(0, LedgerSlotState.ALLOCATED, "job-1", "alloc-1")));
        ClusterOverview cluster = new ClusterOverview(7, "node-0", 1000, List.of(CLUSTER.taskExecutors().get(0), allocated),
                List.of());

        JsonObject list = ClusterJson.taskManagers(cluster);

        assertThat(list.getJsonArray("taskmanagers")).hasSize(2);
        assertThat(list.getJsonArray("taskmanagers").getJsonObject(1).getJsonArray("slots").getJsonObject(0))
                .isEqualTo(new JsonObject().put("index", 0).put("state", "ALLOCATED").put("jobId", "job-1")
                        .put("allocationId", "alloc-1"));
    }

    @Test
    void ledgerListsRowsByKeyWithVersionAndEpochAndCountsTheFreeOnes() {
        Map<String, Versioned<SlotLedgerEntry>> rows = new LinkedHashMap<>();
        rows.put("te-1_1", new Versioned<>(3, 2, new SlotLedgerEntry("te-1", 1, LedgerSlotState.ALLOCATED, "job-1", "alloc-1")));
        rows.put("te-1_0", new Versioned<>(1, 2, new SlotLedgerEntry("te-1", 0, LedgerSlotState.FREE, null, null)));

        JsonObject ledger = ClusterJson.ledger(rows);

        assertThat(ledger.getInteger("total")).isEqualTo(2);
        assertThat(ledger.getLong("free")).isEqualTo(1);
        assertThat(ledger.getJsonArray("slots").getJsonObject(0).getString("slotId")).isEqualTo("te-1_0");
        assertThat(ledger.getJsonArray("slots").getJsonObject(1)).isEqualTo(new JsonObject().put("slotId", "te-1_1")
                .put("taskManagerId", "te-1").put("index", 1).put("state", "ALLOCATED").put("jobId", "job-1")
                .put("allocationId", "alloc-1").put("version", 3L).put("epoch", 2L));
    }

    @Test
    void dashboardConfigHasFlinksFieldsInTheGivenTimeZone() {
        TimeZone tz = TimeZone.getTimeZone("Europe/Berlin");

        JsonObject config = ClusterJson.dashboardConfig(tz, 0);

        assertThat(config.getInteger("refresh-interval")).isEqualTo(3000);
        assertThat(config.getString("timezone-name")).isEqualTo("Europe/Berlin");
        assertThat(config.getInteger("timezone-offset")).isEqualTo(3_600_000);
        assertThat(config.getString("flink-version")).isEqualTo("ebbflow-" + Version.current());
        assertThat(config.getString("flink-revision")).isEmpty();
        assertThat(config.getJsonObject("features")).isEqualTo(new JsonObject().put("web-submit", false)
                .put("web-cancel", false).put("web-rescale", false).put("web-history", false));
    }
}
