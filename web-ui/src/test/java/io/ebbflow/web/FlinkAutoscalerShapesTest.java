package io.ebbflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.job.ExecutionState;
import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.protocol.JobMasterMessages.EdgeView;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.JobRescales;
import io.ebbflow.core.protocol.JobMasterMessages.SubtaskView;
import io.ebbflow.core.protocol.JobMasterMessages.TaskMetrics;
import io.ebbflow.core.protocol.JobMasterMessages.VertexMetrics;
import io.ebbflow.core.protocol.JobMasterMessages.VertexView;
import io.ebbflow.core.protocol.ResourceManagerMessages.ClusterOverview;
import io.ebbflow.core.protocol.ResourceManagerMessages.TaskExecutorView;
import io.ebbflow.core.testing.ProtocolSamples;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The REST shapes Apache Flink's {@code flink-autoscaler} (1.10, standalone, with its REST metrics collector and
 * its rescale-API realizer) reads, as its sources read them: the job plan, the time the job last came to run, a
 * source vertex's records and backlog under the source operator's scope, the JobManager's slot metrics and the
 * job's scheduler setting.
 */
class FlinkAutoscalerShapesTest {

    private static TaskMetrics metrics(String execution, double in, long pending) {
        return new TaskMetrics(execution, "src", 0, 100, 100, 0, 0, in, in, 250, 0, 750, Map.of(), pending, -1, -1, -1);
    }

    /** A source (two running subtasks with a backlog) feeding a keyed vertex. */
    private static JobDetails job() {
        VertexView source = new VertexView("src", "Source: Orders", "default", 1, 2, 128, 2, ExecutionState.RUNNING,
                VertexMetrics.NONE, List.of(
                        new SubtaskView(0, "exec-0", "te-1", ExecutionState.RUNNING, 1500, metrics("exec-0", 100, 40)),
                        new SubtaskView(1, "exec-1", "te-2", ExecutionState.RUNNING, 2500, metrics("exec-1", 300, 60))));
        VertexView sum = new VertexView("sum", "Sum", "default", 1, 2, 128, 2, ExecutionState.RUNNING,
                VertexMetrics.NONE, List.of(
                        new SubtaskView(0, "exec-2", "te-1", ExecutionState.RUNNING, 2000, ProtocolSamples.TASK_METRICS)));
        return new JobDetails("0123456789abcdef0123456789abcdef", "Orders", JobStatus.RUNNING, "Executing", 1000, -1, 3,
                List.of(source, sum), List.of(new EdgeView("src", "sum", "HASH")), 1, 2, 2, List.of(), List.of());
    }

    @Test
    void thePlanListsEveryVertexWithItsParallelismAndItsInputsShipStrategy() {
        JsonObject plan = JobJson.plan(job()).getJsonObject("plan");

        assertThat(plan.getString("jid")).isEqualTo("0123456789abcdef0123456789abcdef");
        JsonArray nodes = plan.getJsonArray("nodes");
        assertThat(nodes).hasSize(2);
        JsonObject sum = nodes.getJsonObject(1);
        assertThat(sum.getString("id")).isEqualTo("sum");
        assertThat(sum.getInteger("parallelism")).isEqualTo(2);
        JsonObject input = sum.getJsonArray("inputs").getJsonObject(0);
        assertThat(input.getString("id")).isEqualTo("src");
        assertThat(input.getString("ship_strategy")).isEqualTo("HASH");
        assertThat(nodes.getJsonObject(0).getJsonArray("inputs")).as("a source has no inputs").isEmpty();
        assertThat(plan).isEqualTo(JobJson.jobDetails(job(), null, null, 5000).getJsonObject("plan"));
    }

    @Test
    void runningSinceIsWhenTheCurrentExecutionsLastSubtaskStarted() {
        // Flink's autoscaler drops the metrics it collected before this time: a rescale must move it.
        assertThat(JobJson.timestamps(job())).isEqualTo(new JsonObject().put("RUNNING", 2500L));
    }

    @Test
    void aSourceVertexListsItsRecordsAndBacklogUnderItsOperatorsScope() {
        VertexView source = job().vertices().get(0);
        Set<String> ids = ids(MetricsJson.aggregated(source, null, null, true));

        assertThat(ids).contains("busyTimeMsPerSecond", "backPressuredTimeMsPerSecond", "Source__Orders.numRecordsIn",
                "Source__Orders.numRecordsInPerSecond", "Source__Orders.numRecordsOut", "Source__Orders.pendingRecords");
        JsonObject pending = MetricsJson.aggregated(source, Set.of("Source__Orders.pendingRecords"), Set.of("sum", "max"),
                true).getJsonObject(0);
        assertThat(pending).isEqualTo(new JsonObject().put("id", "Source__Orders.pendingRecords").put("max", 60.0)
                .put("sum", 100.0));
        JsonObject in = MetricsJson.aggregated(source, Set.of("Source__Orders.numRecordsInPerSecond"), Set.of("sum"), true)
                .getJsonObject(0);
        assertThat(in.getDouble("sum")).isEqualTo(400.0);
        assertThat(ids(MetricsJson.aggregated(job().vertices().get(1), null, null, false)))
                .as("not a source: no source scope").noneMatch(id -> id.startsWith("Source__"));
    }

    @Test
    void sourceScopesAreNamedAsFlinkNamesThem() {
        assertThat(MetricsJson.sourceScope("Source: Orders")).isEqualTo("Source__Orders");
        assertThat(MetricsJson.sourceScope("Load -> Map")).isEqualTo("Source__Load");
        assertThat(MetricsJson.sourceScope("Kafka orders")).isEqualTo("Source__Kafka_orders");
    }

    @Test
    void theJobManagerMetricsAreTheClustersSlots() {
        ClusterOverview cluster = new ClusterOverview(1, "rm", 0, List.of(
                new TaskExecutorView("te-1", "n1", "127.0.0.1", 1, 2, 1, 0, 0, ProtocolSamples.HARDWARE, List.of()),
                new TaskExecutorView("te-2", "n2", "127.0.0.1", 2, 2, 0, 0, 0, ProtocolSamples.HARDWARE, List.of())),
                List.of(), List.of());

        JsonArray values = ClusterJson.jobManagerMetrics(cluster, Set.of("taskSlotsTotal", "taskSlotsAvailable"));

        assertThat(values).containsExactly(new JsonObject().put("id", "taskSlotsTotal").put("value", "4"),
                new JsonObject().put("id", "taskSlotsAvailable").put("value", "1"));
        assertThat(ids(ClusterJson.jobManagerMetrics(cluster, null))).containsExactlyInAnyOrder("taskSlotsTotal",
                "taskSlotsAvailable", "numRegisteredTaskManagers");
    }

    @Test
    void theTaskManagerMetricsAreTheJvmFiguresOfEveryTaskExecutorThatTellsThem() {
        List<io.ebbflow.core.protocol.TaskExecutorMessages.TaskExecutorStatus> statuses = List.of(
                new io.ebbflow.core.protocol.TaskExecutorMessages.TaskExecutorStatus("te-1", "n1", 1, true, List.of(),
                        new io.ebbflow.core.protocol.TaskExecutorMessages.JvmStatus(100, 1000, 40, 2.0)),
                new io.ebbflow.core.protocol.TaskExecutorMessages.TaskExecutorStatus("te-2", "n2", 1, true, List.of(),
                        new io.ebbflow.core.protocol.TaskExecutorMessages.JvmStatus(300, 1000, 60, 4.0)),
                new io.ebbflow.core.protocol.TaskExecutorMessages.TaskExecutorStatus("te-3", "n3", 1, true, List.of()));

        JsonArray heap = ClusterJson.taskManagerMetrics(statuses, Set.of("Status.JVM.Memory.Heap.Used",
                "Status.JVM.GarbageCollector.All.TimeMsPerSecond"), Set.of("min", "max", "avg"));

        assertThat(heap).containsExactly(
                new JsonObject().put("id", "Status.JVM.Memory.Heap.Used").put("min", 100.0).put("max", 300.0)
                        .put("avg", 200.0),
                new JsonObject().put("id", "Status.JVM.GarbageCollector.All.TimeMsPerSecond").put("min", 2.0)
                        .put("max", 4.0).put("avg", 3.0));
        assertThat(ids(ClusterJson.taskManagerMetrics(statuses, null, null))).containsExactlyInAnyOrder(
                "Status.JVM.Memory.Heap.Used", "Status.JVM.Memory.Heap.Max", "Status.JVM.Memory.Metaspace.Used",
                "Status.Flink.Memory.Managed.Used", "Status.JVM.GarbageCollector.All.TimeMsPerSecond");
        assertThat(ClusterJson.taskManagerMetrics(statuses.subList(2, 3), null, null)).as("none told").isEmpty();
    }

    @Test
    void theJobConfigurationAlwaysNamesTheScheduler() {
        JsonArray config = RescaleJson.jobConfig(new JobRescales(List.of(), 0, 0, "Executing", "IDLING", -1,
                Map.of("job.autoscaler.metrics.window", "PT1M", "job.autoscaler.stabilization.interval", "PT1.5S",
                        "pipeline.name", "PRINT")));

        // Durations as Flink's configuration parses them (it refuses 'PT1M'); other values as they are.
        assertThat(config).containsExactly(
                new JsonObject().put("key", "job.autoscaler.metrics.window").put("value", "1 min"),
                new JsonObject().put("key", "job.autoscaler.stabilization.interval").put("value", "1500 ms"),
                new JsonObject().put("key", "jobmanager.scheduler").put("value", "adaptive"),
                new JsonObject().put("key", "pipeline.name").put("value", "PRINT"));
    }

    private static Set<String> ids(JsonArray metrics) {
        Set<String> out = new java.util.TreeSet<>();
        metrics.forEach(o -> out.add(((JsonObject) o).getString("id")));
        return out;
    }
}
