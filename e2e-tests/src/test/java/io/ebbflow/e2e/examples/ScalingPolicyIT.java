package io.ebbflow.e2e.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in scaling policy ({@code jobmanager.autoscaler.enabled}) on real processes: a VariableLoad job (1 ms of
 * a slow call per record, so one subtask reads about 1000 records/s) with the exactly-once checker runs at
 * parallelism 1 on a cluster with 4 slots. When its load steps up beyond what one subtask reads, the JobMaster
 * raises the slow call's parallelism by itself; when the load drops, it lowers it again after the scale-down delay.
 * Each rescale is explained in the rescale history, and the checker sees no violation.
 */
class ScalingPolicyIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void theJobGrowsWithItsLoadAndShrinksAfterTheScaleDownDelay() throws Exception {
        Path rate = dir.resolve("rate");
        Files.writeString(rate, "150");
        try (LocalCluster cluster = new LocalCluster("scaling-policy", 6,
                List.of("-Dstate.checkpoints.dir=" + dir.resolve("checkpoints")))) {
            cluster.startResourceManager();
            cluster.startWebUi();
            cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-1", "-Dtaskmanager.numberOfTaskSlots=2");
            cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-2", "-Dtaskmanager.numberOfTaskSlots=2");
            ServiceProcess jm = cluster.startJobMaster("--job-jar", cluster.home().resolve("examples/target/examples.jar")
                    .toString(), "-j", "io.ebbflow.examples.load.VariableLoad", "--job-id", "load",
                    "-Djobmanager.autoscaler.enabled=true", "-Djobmanager.autoscaler.interval=1s",
                    "-Djob.autoscaler.metrics.window=6s", "-Djob.autoscaler.stabilization.interval=3s",
                    "-Djob.autoscaler.scale-down.interval=10s", "-Djob.autoscaler.target.utilization=0.7",
                    "-Djob.autoscaler.target.utilization.boundary=0.2", "-Djob.autoscaler.catch-up.duration=30s",
                    "-Djob.autoscaler.backlog-processing.lag-threshold=5s",
                    "-Djobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=0s",
                    "--rate-file", rate.toString(), "--rate", "150", "--cost-us", "1000", "--keys", "64", "--splits", "8",
                    "--checkpoint-interval", "1000", "--check");
            try {
                awaitSlowCallAt(cluster, 1);
                flinkAutoscalerReadsItsShapes(cluster);

                // 1300 records/s: more than one subtask reads (1000/s at most), so a backlog builds.
                Files.writeString(rate, "1300");
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                        .until(() -> slowCallParallelism(cluster) >= 2 && running(cluster));
                // The first rescale raised the slow call. (Another vertex that reads busy may be raised in the same
                // decision, and is named in the job's order; each vertex has its own clause.)
                List<JsonObject> raised = history(cluster).stream().filter(e -> !slowCallClause(e).isEmpty()).toList();
                assertThat(raised).as("%s", history(cluster)).isNotEmpty();
                JsonObject up = raised.get(raised.size() - 1);
                assertThat(slowCallClause(up)).as(up.encode())
                        .contains(": busy ", ", input ", "capacity ", " per subtask: 1 -> ");

                // Back to 150 records/s: back to 1, after the scale-down delay (10 s of asking; from 4 in two steps: a
                // step down goes to at least 40%), or, when the scale-up also had a backlog to catch up (the source's
                // backlog at that moment decides), as soon as the backlog is read and one subtask holds the input.
                Files.writeString(rate, "150");
                await().atMost(TIMEOUT.multipliedBy(2)).pollInterval(Duration.ofMillis(250))
                        .until(() -> slowCallParallelism(cluster) == 1 && running(cluster));
                JsonObject down = history(cluster).stream().filter(e -> !slowCallClause(e).isEmpty()).findFirst()
                        .orElseThrow(() -> new AssertionError("no autoscaler rescale of the slow call: " + history(cluster)));
                assertThat(slowCallClause(down)).as(down.encode()).contains(": busy ")
                        .containsAnyOf("-> 1 (asked for ", "-> 1 (back to before its scale-up for a backlog");

                // Planned rescales, no failure. (Under back-pressure the barrier of a scale-up's checkpoint waits behind
                // the buffered records, 1 ms each, and may outlast the trigger's max delay: the rescale then goes ahead
                // from the latest checkpoint and its sources read again what they read after it, exactly once.)
                List<JsonObject> rescales = history(cluster);
                assertThat(rescales).as("%s", rescales).allSatisfy(e -> assertThat(e.getString("type")).as(e.encode())
                        .isEqualTo("RESCALE"));
                assertThat(cluster.accumulator("load", "records-checked")).isPositive();
                assertThat(cluster.accumulator("load", "violations")).as("never incremented: absent (-1)")
                        .isLessThanOrEqualTo(0);
                assertThat(cluster.logs()).doesNotContain("VIOLATION");
            } finally {
                jm.stop();
            }
        }
    }

    /** What Flink's standalone autoscaler reads besides the job's details, from the real services. */
    private static void flinkAutoscalerReadsItsShapes(LocalCluster cluster) {
        assertThat(cluster.get("/jobs/load/plan").json().getJsonObject("plan").getJsonArray("nodes")).hasSize(3);
        // The job may run at parallelism 1 before the second TaskExecutor has registered.
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(cluster.get("/jobmanager/metrics?get=taskSlotsTotal").body())
                        .isEqualTo("[{\"id\":\"taskSlotsTotal\",\"value\":\"4\"}]"));
        LocalCluster.Response heap = cluster.get("/taskmanagers/metrics?get=Status.JVM.Memory.Heap.Used,"
                + "Status.JVM.Memory.Heap.Max&agg=min,max,avg");
        assertThat(heap.status()).as(heap.body()).isEqualTo(200);
        assertThat(heap.body()).contains("Status.JVM.Memory.Heap.Used", "Status.JVM.Memory.Heap.Max");
        LocalCluster.Response config = cluster.get("/jobs/load/jobmanager/config");
        assertThat(config.body()).contains("{\"key\":\"jobmanager.scheduler\",\"value\":\"adaptive\"}",
                "{\"key\":\"jobmanager.autoscaler.enabled\",\"value\":\"true\"}");
    }

    private static void awaitSlowCallAt(LocalCluster cluster, int p) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> slowCallParallelism(cluster) == p && running(cluster));
    }

    private static int slowCallParallelism(LocalCluster cluster) {
        LocalCluster.Response r = cluster.get("/jobs/load");
        if (!r.ok()) {
            return -1;
        }
        return r.json().getJsonArray("vertices").stream().map(JsonObject.class::cast)
                .filter(v -> v.getString("name").startsWith("Slow call")).findFirst()
                .map(v -> v.getInteger("parallelism")).orElse(-1);
    }

    /** Every vertex of the job runs. */
    private static boolean running(LocalCluster cluster) {
        LocalCluster.Response r = cluster.get("/jobs/load");
        return r.ok() && "RUNNING".equals(r.json().getString("state")) && r.json().getJsonArray("vertices").stream()
                .map(JsonObject.class::cast).allMatch(v -> "RUNNING".equals(v.getString("status")));
    }

    /** The part of an autoscaler rescale's cause about the slow call ("" if the rescale did not change it). */
    private static String slowCallClause(JsonObject rescale) {
        String cause = rescale.getString("triggerCause", "");
        if (!cause.startsWith("autoscaler: ")) {
            return "";
        }
        return java.util.Arrays.stream(cause.substring("autoscaler: ".length()).split("; "))
                .filter(c -> c.startsWith("vertex Slow call")).findFirst().orElse("");
    }

    /** The rescale history, newest first. */
    private static List<JsonObject> history(LocalCluster cluster) {
        return cluster.get("/jobs/load/rescales/history").json().getJsonArray("rescales").stream()
                .map(JsonObject.class::cast).toList();
    }
}
