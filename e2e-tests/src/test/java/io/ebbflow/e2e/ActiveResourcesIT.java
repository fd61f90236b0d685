package io.ebbflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Active resource management with the {@code process} provider, on real processes: the test starts a
 * ResourceManager, the web-ui and a JobMaster, but no TaskExecutor. The job (the exactly-once checker, adaptive
 * mode, parallelism 2) makes the ResourceManager start two TaskExecutor processes; lowering its requirements over
 * REST leaves one idle, which is stopped after {@code resourcemanager.taskmanager-timeout} and whose process
 * exits; the other, killed -9, is counted as a crash and replaced; a standby ResourceManager that takes over from
 * a killed leader adopts the running worker and starts no duplicate. Throughout: zero checker violations. Every
 * worker process is stopped by PID at the end, whatever happened.
 */
class ActiveResourcesIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String CHECKER = "io.ebbflow.examples.checker.ExactlyOnceChecker";
    private static final String JOB = "scaled";

    @TempDir
    Path dir;
    LocalCluster cluster;
    ProviderWorkers workers;
    Path workerLogs;

    @BeforeEach
    void startCluster() throws Exception {
        workerLogs = dir.resolve("workers");
        cluster = new LocalCluster("active-resources", 10, List.of("-Dstate.checkpoints.dir=" + dir.resolve("checkpoints"),
                "-Dheartbeat.interval=1s", "-Dresourcemanager.provider=process",
                "-Dresourcemanager.taskmanager-timeout=5s", "-Dresourcemanager.start-worker.retry-interval=1s",
                "-Dresourcemanager.max-task-executors=4", "-Dtaskmanager.numberOfTaskSlots=1",
                "-Dresourcemanager.process.log-dir=" + workerLogs,
                "-Dresourcemanager.process.stop-grace-period=20s",
                "-Denv.java.opts.taskmanager=" + String.join(" ", ServiceProcess.JVM_FLAGS)));
        workers = new ProviderWorkers(cluster);
    }

    @AfterEach
    void stopEverything() {
        try {
            cluster.close();
        } finally {
            workers.killAll();
        }
    }

    @Test
    void theResourceManagerStartsReleasesReplacesAndAdoptsTaskExecutors() throws Exception {
        ServiceProcess rm1 = cluster.startResourceManager();
        cluster.startWebUi();
        ServiceProcess jm = cluster.startJobMaster("--job-jar", examplesJar().toString(), "-j", CHECKER, "--job-id", JOB,
                "-p", "2", "-Djobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=0s",
                "--keys", "60", "--rate", "2000", "--splits", "4", "--checkpoint-interval", "1000");

        // Declared 2 slots, none registered: two workers are started and the job runs on them.
        awaitParallelism(2);
        Map<String, Long> started = workers.registered();
        assertThat(started).hasSize(2);
        assertThat(workers.view().getInteger("pending")).isZero();
        assertThat(workers.processes()).hasSize(2);
        assertThat(taskManagers()).containsExactlyInAnyOrderElementsOf(started.keySet());

        // Requirements lowered: the idle worker is stopped after the timeout, and its process exits.
        assertThat(cluster.put("/jobs/" + JOB + "/resource-requirements", requirements(1, 1)).status()).isEqualTo(200);
        awaitParallelism(1);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(workers.view().getLong("released")).isEqualTo(1);
            assertThat(workers.registered()).hasSize(1);
            assertThat(taskManagers()).hasSize(1);
        });
        String kept = workers.registered().keySet().iterator().next();
        String released = started.keySet().stream().filter(id -> !id.equals(kept)).findFirst().orElseThrow();
        await().atMost(TIMEOUT).until(() -> ProcessHandle.of(started.get(released)).map(p -> !p.isAlive()).orElse(true));
        assertThat(rm1.output()).contains("Stopping worker " + released + ": its slots have been free for PT5S");
        awaitProgress();

        // kill -9 of the worker running the job: counted as a crash, replaced, and the job runs on the new one.
        ProcessHandle.of(started.get(kept)).orElseThrow().destroyForcibly();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            JsonObject w = workers.view();
            assertThat(w.getLong("crashes")).isEqualTo(1);
            assertThat(workers.registered()).hasSize(1).doesNotContainKey(kept);
        });
        awaitParallelism(1);
        awaitProgress();
        Map<String, Long> beforeFailover = workers.registered();

        // A standby takes over from the killed leader: it adopts the running worker and starts none.
        ServiceProcess rm2 = cluster.startResourceManager();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(overview().getJsonObject("resourcemanager")
                .getJsonArray("standbys")).hasSize(1));
        long logsBefore = workerLogCount();
        rm1.kill();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(overview().getJsonObject("resourcemanager").getLong("epoch")).isEqualTo(2);
            assertThat(workers.registered()).isEqualTo(beforeFailover);
        });
        assertThat(rm2.output()).contains("Adopted 1 running worker(s) of the process provider");
        awaitProgress();
        assertThat(workerLogCount()).as("no worker started after the takeover").isEqualTo(logsBefore);
        assertThat(workers.view().getInteger("pending")).isZero();
        assertThat(workers.processes()).hasSize(1);
        assertThat(accumulator("violations")).isZero();
        assertThat(cluster.logs()).doesNotContain("VIOLATION");
        jm.stop();
    }

    // ------------------------------------------------------------------ helpers

    /** {@code GET /overview}; fails (for an await to retry) while no ResourceManager answers. */
    private JsonObject overview() {
        LocalCluster.Response r = cluster.get("/overview");
        assertThat(r.ok()).as(r.body()).isTrue();
        return r.json();
    }

    private List<String> taskManagers() {
        List<String> ids = new ArrayList<>();
        cluster.get("/taskmanagers").json().getJsonArray("taskmanagers")
                .forEach(o -> ids.add(((JsonObject) o).getString("id")));
        return ids;
    }

    private long workerLogCount() throws Exception {
        try (Stream<Path> files = Files.list(workerLogs)) {
            return files.count();
        }
    }

    private void awaitParallelism(int p) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> JobAssertions.assertRunningAt(cluster, JOB, p));
    }

    /** The checker counts more records than now. */
    private void awaitProgress() {
        long checked = cluster.accumulator(JOB, "records-checked");
        await().atMost(TIMEOUT).until(() -> cluster.accumulator(JOB, "records-checked") > checked);
    }

    private String requirements(int lower, int upper) {
        JsonObject body = new JsonObject();
        for (Object o : cluster.get("/jobs/" + JOB).json().getJsonArray("vertices")) {
            body.put(((JsonObject) o).getString("id"), new JsonObject().put("parallelism",
                    new JsonObject().put("lowerBound", lower).put("upperBound", upper)));
        }
        return body.encode();
    }

    private long accumulator(String name) {
        long v = cluster.accumulator(JOB, name);
        return v < 0 && name.equals("violations") && cluster.get("/jobs/" + JOB + "/accumulators").ok() ? 0 : v;
    }

    private Path examplesJar() {
        return cluster.home().resolve("examples/target/examples.jar");
    }
}
