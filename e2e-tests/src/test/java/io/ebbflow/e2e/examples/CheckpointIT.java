package io.ebbflow.e2e.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once through failures and rescales, on real processes: the checker job (per-key sequence
 * numbers checked in keyed state; its accumulators count gaps and repeats) with a checkpoint every
 * second, while TaskExecutors are killed with kill -9 and replaced; and a savepoint, a stop, and a restart
 * from the savepoint at another parallelism.
 */
class CheckpointIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String CHECKER = "io.ebbflow.examples.checker.ExactlyOnceChecker";

    @TempDir
    Path dir;
    LocalCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new LocalCluster("checkpoints", 8, List.of("-Dstate.checkpoints.dir=" + dir.resolve("checkpoints"),
                "-Dstate.savepoints.dir=" + dir.resolve("savepoints")));
        cluster.startResourceManager();
        cluster.startWebUi();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void theCheckerSeesNoViolationsWhileTaskExecutorsAreKilledAndTheFileSinkWritesEachLineOnce() throws Exception {
        Map<String, ServiceProcess> taskExecutors = new HashMap<>();
        taskExecutors.put("te-0", cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-0", "-Dtaskmanager.numberOfTaskSlots=2"));
        taskExecutors.put("te-1", cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-1", "-Dtaskmanager.numberOfTaskSlots=2"));
        int keys = 50;
        int perKey = 1500;
        Path out = dir.resolve("out");
        ServiceProcess jm = cluster.startJobMaster("--job-jar", examplesJar().toString(), "-j", CHECKER, "--job-id", "checker",
                "-p", "4", "-Drestart-strategy.type=fixed-delay", "-Drestart-strategy.fixed-delay.attempts=10",
                "-Drestart-strategy.fixed-delay.delay=200ms", "-Djobmanager.adaptive-scheduler.resource-stabilization-timeout=1s",
                "--keys", String.valueOf(keys), "--count", String.valueOf(perKey), "--rate", "2500",
                "--checkpoint-interval", "500", "--output", out.toString());
        try {
            long lastChecked = 0;
            for (int kill = 1; kill <= 3; kill++) {
                long checkedBefore = lastChecked;
                // Running, checkpointing, and checking records; then a TaskExecutor running its tasks dies without a word.
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    assertThat(jm.isAlive()).as("JobMaster alive; output:%n%s", jm.output()).isTrue();
                    assertThat(completedCheckpoints()).isGreaterThanOrEqualTo(2);
                    assertThat(accumulator("records-checked")).isGreaterThan(checkedBefore);
                    assertThat(runningOn()).isNotEmpty();
                });
                assertThat(accumulator("violations")).isZero();
                lastChecked = accumulator("records-checked");
                String victim = runningOn().iterator().next();
                taskExecutors.remove(victim).kill();
                String replacement = "te-" + (kill + 1);
                taskExecutors.put(replacement, cluster.startTaskExecutor("-Dtaskmanager.resource-id=" + replacement,
                        "-Dtaskmanager.numberOfTaskSlots=2"));
                int restartsSoFar = kill;
                await().atMost(TIMEOUT).untilAsserted(() -> assertThat(countOf(jm.output(), "restarts in"))
                        .isGreaterThanOrEqualTo(restartsSoFar));
            }
            // The bounded job ends; every sampled line is committed exactly once.
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> !jm.isAlive());
            assertThat(jm.exitCode()).as(jm.output()).isZero();
            assertThat(jm.output()).contains("Job checker (Exactly-once checker) FINISHED");
            assertThat(cluster.logs()).doesNotContain("VIOLATION");
            Map<String, Integer> lines = new HashMap<>();
            for (String line : committedLines(out)) {
                lines.merge(line, 1, Integer::sum);
            }
            Set<String> expected = new HashSet<>();
            for (int k = 0; k < keys; k++) {
                for (int s = 0; s < perKey; s += 100) {
                    expected.add(k + "," + s);
                }
            }
            assertThat(lines.keySet()).isEqualTo(expected);
            assertThat(lines.values()).allMatch(n -> n == 1);
        } finally {
            jm.stop();
        }
    }

    @Test
    void aStoppedJobResumesFromItsSavepointAtAnotherParallelism() throws Exception {
        cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-1", "-Dtaskmanager.numberOfTaskSlots=3");
        ServiceProcess first = cluster.startJobMaster("--job-jar", examplesJar().toString(), "-j", CHECKER, "--job-id",
                "resumable", "-p", "2", "--keys", "40", "--rate", "4000", "--checkpoint-interval", "1000");
        String location;
        long checkedAtStop;
        try {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(accumulator("resumable", "records-checked")).isGreaterThan(8_000));
            checkedAtStop = accumulator("resumable", "records-checked");
            LocalCluster.Response stop = cluster.post("/jobs/resumable/stop", "{\"drain\": false}");
            assertThat(stop.status()).as(stop.body()).isEqualTo(202);
            String trigger = stop.json().getString("request-id");
            JsonObject[] status = new JsonObject[1];
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                LocalCluster.Response r = cluster.get("/jobs/resumable/savepoints/" + trigger);
                assertThat(r.ok()).as(r.body()).isTrue();
                assertThat(r.json().getJsonObject("status").getString("id")).isEqualTo("COMPLETED");
                status[0] = r.json();
            });
            location = status[0].getJsonObject("operation").getString("location");
            assertThat(location).as(status[0].encode()).isNotNull();
            assertThat(Path.of(location).resolve("_metadata")).exists();
            await().atMost(TIMEOUT).until(() -> !first.isAlive());
            assertThat(first.exitCode()).isZero();
        } finally {
            first.stop();
        }
        ServiceProcess second = cluster.startJobMaster("--job-jar", examplesJar().toString(), "-j", CHECKER, "--job-id",
                "resumed", "-p", "3", "--from-savepoint", location, "--keys", "40", "--rate", "4000",
                "--checkpoint-interval", "1000");
        try {
            // The counts continue from the savepoint: the first report is already beyond what was counted before the stop.
            long[] firstReport = new long[1];
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> (firstReport[0] = accumulator("resumed",
                    "records-checked")) >= 0);
            assertThat(firstReport[0]).isGreaterThanOrEqualTo(checkedAtStop);
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                JsonObject job = cluster.get("/jobs/resumed").json();
                assertThat(job).isNotNull();
                JsonArray vertices = job.getJsonArray("vertices");
                assertThat(vertices.stream().map(v -> ((JsonObject) v).getInteger("parallelism")).toList()).contains(3);
                assertThat(accumulator("resumed", "records-checked")).isGreaterThan(checkedAtStop + 2_000);
            });
            assertThat(accumulator("resumed", "violations")).isZero();
            JsonObject checkpoints = cluster.get("/jobs/resumed/checkpoints").json();
            assertThat(checkpoints.getJsonObject("latest").getJsonObject("restored").getBoolean("is_savepoint")).isTrue();
            assertThat(second.output()).contains("will start from savepoint");
            assertThat(cluster.logs()).doesNotContain("VIOLATION");
        } finally {
            second.stop();
        }
    }

    @Test
    void aJobMasterKilledAndStartedAgainResumesFromTheCheckpointRecordedInTheCluster() throws Exception {
        cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-1", "-Dtaskmanager.numberOfTaskSlots=2");
        String[] args = {"--job-jar", examplesJar().toString(), "-j", CHECKER, "--job-id", "phoenix", "-p", "2",
                "--keys", "40", "--rate", "4000", "--checkpoint-interval", "500"};
        ServiceProcess first = cluster.startJobMaster(args);
        try {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                LocalCluster.Response r = cluster.get("/jobs/phoenix/checkpoints");
                assertThat(r.ok()).isTrue();
                assertThat(r.json().getJsonObject("counts").getInteger("completed")).isGreaterThanOrEqualTo(3);
            });
        } finally {
            first.kill();
        }
        ServiceProcess second = cluster.startJobMaster(args);
        try {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                LocalCluster.Response r = cluster.get("/jobs/phoenix/checkpoints");
                assertThat(r.ok()).isTrue();
                JsonObject restored = r.json().getJsonObject("latest").getJsonObject("restored");
                assertThat(restored).isNotNull();
                assertThat(restored.getLong("id")).isGreaterThanOrEqualTo(3);
                assertThat(restored.getBoolean("is_savepoint")).isFalse();
                assertThat(accumulator("phoenix", "records-checked")).isPositive();
            });
            assertThat(second.output()).contains("will start from checkpoint");
            assertThat(accumulator("phoenix", "violations")).isZero();
            assertThat(cluster.logs()).doesNotContain("VIOLATION");
        } finally {
            second.stop();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The TaskExecutors running the checker job's subtasks now. */
    private Set<String> runningOn() {
        return io.ebbflow.e2e.JobView.runningOn(cluster, "checker");
    }

    private long completedCheckpoints() {
        LocalCluster.Response r = cluster.get("/jobs/checker/checkpoints");
        return r.ok() ? r.json().getJsonObject("counts").getInteger("completed") : -1;
    }

    private long accumulator(String name) {
        return accumulator("checker", name);
    }

    /** An accumulator's value (a "violations" counter never incremented reads 0). */
    private long accumulator(String jobId, String name) {
        long v = cluster.accumulator(jobId, name);
        return v < 0 && name.equals("violations") && cluster.get("/jobs/" + jobId + "/accumulators").ok() ? 0 : v;
    }

    private static int countOf(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static List<String> committedLines(Path out) throws IOException {
        return io.ebbflow.e2e.JobView.committedLines(out);
    }

    private Path examplesJar() {
        return cluster.home().resolve("examples/target/examples.jar");
    }
}
