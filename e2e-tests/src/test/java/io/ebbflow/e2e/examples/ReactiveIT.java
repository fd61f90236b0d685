package io.ebbflow.e2e.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.e2e.JobAssertions;
import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Adaptive Scheduler on real processes, with the exactly-once checker job: in reactive mode the job
 * follows the TaskExecutors as they join, leave cleanly (SIGTERM) and die (kill -9); in adaptive mode it
 * follows requirement changes made over REST. Every step: the expected parallelism in
 * {@code GET /jobs/:jobid} and zero checker violations.
 */
class ReactiveIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String CHECKER = "io.ebbflow.examples.checker.ExactlyOnceChecker";

    @TempDir
    Path dir;
    LocalCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new LocalCluster("reactive", 8, List.of("-Dstate.checkpoints.dir=" + dir.resolve("checkpoints")));
        cluster.startResourceManager();
        cluster.startWebUi();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void reactiveModeFollowsTaskExecutorsThatJoinLeaveAndDie() throws Exception {
        ServiceProcess jm = cluster.startJobMaster("--job-jar", examplesJar().toString(), "-j", CHECKER, "--job-id", "elastic",
                "-Dscheduler-mode=reactive", "-Djobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=0s",
                "--keys", "60", "--rate", "3000", "--splits", "6", "--checkpoint-interval", "1000");
        try {
            List<ServiceProcess> tes = new ArrayList<>();
            tes.add(taskExecutor("te-1"));
            awaitParallelism("elastic", 1);
            tes.add(taskExecutor("te-2"));
            awaitParallelism("elastic", 2);
            tes.add(taskExecutor("te-3"));
            awaitParallelism("elastic", 3);
            long checked = accumulator("elastic", "records-checked");

            tes.get(2).stop(); // SIGTERM: leaves cleanly
            awaitParallelism("elastic", 2);
            tes.get(1).kill(); // kill -9
            awaitParallelism("elastic", 1);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(accumulator("elastic", "records-checked"))
                    .isGreaterThan(checked));
            assertThat(accumulator("elastic", "violations")).isZero();
            assertThat(cluster.logs()).doesNotContain("VIOLATION");

            JsonObject rescales = cluster.get("/jobs/elastic/rescales/overview").json();
            assertThat(rescales.getInteger("numRescales")).as(rescales.encode()).isGreaterThanOrEqualTo(3);
            // The timeline: each planned rescale went through its own checkpoint (sources paused at its barrier),
            // the cancel, the plan and the deployment, and read nothing again; the restart after the kill -9
            // is kept apart, and cannot know what the lost source read.
            List<JsonObject> history = cluster.get("/jobs/elastic/rescales/history").json().getJsonArray("rescales")
                    .stream().map(JsonObject.class::cast).toList();
            List<JsonObject> planned = history.stream().filter(e -> e.getString("type").equals("RESCALE")
                    && e.getString("terminalState").equals("COMPLETED")).toList();
            assertThat(planned).as("%s", history).hasSizeGreaterThanOrEqualTo(3);
            for (JsonObject e : planned) {
                List<String> phases = e.getJsonArray("phases").stream().map(p -> ((JsonObject) p).getString("name")).toList();
                assertThat(phases).as(e.encode()).startsWith("checkpoint", "cancel").endsWith("plan", "deploy");
                assertThat(e.getJsonArray("phases")).allSatisfy(p -> assertThat(((JsonObject) p).getLong("durationMs"))
                        .as(e.encode()).isNotNegative());
                assertThat(e.getLong("reprocessedRecords")).as(e.encode()).isZero();
                assertThat(e.getInteger("reprocessedUnknownSubtasks")).as(e.encode()).isZero();
            }
            assertThat(history).filteredOn(e -> e.getString("type").equals("RESTART")).singleElement().satisfies(e -> {
                assertThat(e.getString("triggerCause")).as(e.encode()).isNotEmpty();
                assertThat(e.getInteger("reprocessedUnknownSubtasks")).as(e.encode()).isEqualTo(1);
                assertThat(e.getLong("reprocessedRecords")).as(e.encode()).isNotNegative();
            });
            // Requirements cannot be changed in reactive mode.
            LocalCluster.Response put = cluster.put("/jobs/elastic/resource-requirements", requirements("elastic", 1, 1));
            assertThat(put.status()).as(put.body()).isEqualTo(409);
        } finally {
            jm.stop();
        }
    }

    @Test
    void adaptiveModeFollowsRequirementChangesOverRest() throws Exception {
        taskExecutor("te-a", 2);
        taskExecutor("te-b", 2);
        ServiceProcess jm = cluster.startJobMaster("--job-jar", examplesJar().toString(), "-j", CHECKER, "--job-id", "tuned",
                "-p", "2", "-Djobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=0s",
                "--keys", "60", "--rate", "3000", "--splits", "6", "--checkpoint-interval", "1000");
        try {
            awaitParallelism("tuned", 2);
            LocalCluster.Response up = cluster.put("/jobs/tuned/resource-requirements", requirements("tuned", 1, 4));
            assertThat(up.status()).as(up.body()).isEqualTo(200);
            awaitParallelism("tuned", 4);
            JsonObject reqs = cluster.get("/jobs/tuned/resource-requirements").json();
            assertThat(reqs.getJsonObject(reqs.fieldNames().iterator().next()).getJsonObject("parallelism")
                    .getInteger("upperBound")).isEqualTo(4);
            // The job's details declare the new requirement, not the one it started with.
            JsonObject declared = cluster.get("/jobs/tuned").json().getJsonObject("slots");
            assertThat(declared.getInteger("min")).as(declared.encode()).isEqualTo(1);
            assertThat(declared.getInteger("desired")).as(declared.encode()).isEqualTo(4);
            LocalCluster.Response down = cluster.put("/jobs/tuned/resource-requirements", requirements("tuned", 1, 1));
            assertThat(down.status()).as(down.body()).isEqualTo(200);
            awaitParallelism("tuned", 1);
            LocalCluster.Response bad = cluster.put("/jobs/tuned/resource-requirements", requirements("tuned", 3, 2));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).contains("lowerBound 3 is above upperBound 2");
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(accumulator("tuned", "records-checked")).isPositive());
            assertThat(accumulator("tuned", "violations")).isZero();
            assertThat(cluster.logs()).doesNotContain("VIOLATION");
            // Cancelled over REST: the job ends CANCELED and its JobMaster exits.
            assertThat(cluster.patch("/jobs/tuned?mode=cancel").status()).isEqualTo(202);
            await().atMost(TIMEOUT).until(() -> !jm.isAlive());
            assertThat(jm.exitCode()).isZero();
            assertThat(cluster.get("/jobs/tuned").json().getString("state")).isEqualTo("CANCELED");
        } finally {
            jm.stop();
        }
    }

    // ------------------------------------------------------------------ helpers

    private ServiceProcess taskExecutor(String id) throws Exception {
        return taskExecutor(id, 1);
    }

    private ServiceProcess taskExecutor(String id, int slots) throws Exception {
        return cluster.startTaskExecutor("-Dtaskmanager.resource-id=" + id, "-Dtaskmanager.numberOfTaskSlots=" + slots);
    }

    /** Every vertex runs at {@code p}, all its subtasks running. */
    private void awaitParallelism(String jobId, int p) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> JobAssertions.assertRunningAt(cluster, jobId, p));
    }

    private String requirements(String jobId, int lower, int upper) {
        JsonObject body = new JsonObject();
        for (Object o : cluster.get("/jobs/" + jobId).json().getJsonArray("vertices")) {
            body.put(((JsonObject) o).getString("id"), new JsonObject().put("parallelism",
                    new JsonObject().put("lowerBound", lower).put("upperBound", upper)));
        }
        return body.encode();
    }

    /** An accumulator's value (a "violations" counter never incremented reads 0). */
    private long accumulator(String jobId, String name) {
        long v = cluster.accumulator(jobId, name);
        return v < 0 && name.equals("violations") && cluster.get("/jobs/" + jobId + "/accumulators").ok() ? 0 : v;
    }

    private Path examplesJar() {
        return cluster.home().resolve("examples/target/examples.jar");
    }
}
