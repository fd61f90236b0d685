package io.ebbflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * Durable truth: kill -9 of every service at once (so every Hazelcast member holding the maps dies), then the
 * same services started again. The job resumes from its newest completed checkpoint (found in the durable
 * store, not in memory), and every epoch is higher than any used before.
 */
class TotalLossIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String CHECKER = "io.ebbflow.examples.checker.ExactlyOnceChecker";
    private static final String JOB = "survivor";

    @TempDir
    Path dir;
    LocalCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new LocalCluster("total-loss", 10, List.of("-Dstate.checkpoints.dir=" + dir.resolve("checkpoints")));
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void afterEveryServiceIsKilledAtOnceTheJobResumesFromItsNewestCheckpointWithHigherEpochs() throws Exception {
        List<ServiceProcess> all = startAll();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JobAssertions.assertRunningAt(cluster, JOB, 2);
            assertThat(completed()).isGreaterThanOrEqualTo(3);
        });
        long rmEpoch = cluster.get("/overview").json().getJsonObject("resourcemanager").getLong("epoch");
        long jmEpoch = cluster.get("/jobs/" + JOB).json().getLong("jobMasterEpoch");
        long checked = cluster.accumulator(JOB, "records-checked");

        all.forEach(ServiceProcess::kill);
        long newestRecorded = new JsonObject(java.nio.file.Files.readString(cluster.durableStore()
                .resolve("jobs").resolve(JOB).resolve("checkpoint.json"))).getLong("checkpointId");
        assertThat(newestRecorded).as("the durable record is the newest complete checkpoint on disk, or the one "
                + "before it if the kill came between its metadata and its record").isBetween(newestCheckpointOnDisk() - 1,
                newestCheckpointOnDisk());

        startAll();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JobAssertions.assertRunningAt(cluster, JOB, 2);
            JsonObject restored = cluster.get("/jobs/" + JOB + "/checkpoints").json().getJsonObject("latest")
                    .getJsonObject("restored");
            assertThat(restored).as("restored a checkpoint").isNotNull();
            assertThat(restored.getLong("id")).as("the newest completed one").isEqualTo(newestRecorded);
            assertThat(cluster.get("/overview").json().getJsonObject("resourcemanager").getLong("epoch"))
                    .isGreaterThan(rmEpoch);
            assertThat(cluster.get("/jobs/" + JOB).json().getLong("jobMasterEpoch")).isGreaterThan(jmEpoch);
            assertThat(cluster.accumulator(JOB, "records-checked")).isGreaterThan(checked / 2);
        });
        assertThat(Math.max(0, cluster.accumulator(JOB, "violations"))).isZero();
        assertThat(cluster.logs()).doesNotContain("VIOLATION");
    }

    private List<ServiceProcess> startAll() throws Exception {
        List<ServiceProcess> all = new ArrayList<>();
        all.add(cluster.startResourceManager());
        all.add(cluster.startWebUi());
        all.add(cluster.startTaskExecutor("-Dtaskmanager.numberOfTaskSlots=2"));
        all.add(cluster.startTaskExecutor("-Dtaskmanager.numberOfTaskSlots=2"));
        all.add(cluster.startJobMaster("--job-jar", cluster.home().resolve("examples/target/examples.jar").toString(),
                "-j", CHECKER, "--job-id", JOB, "-p", "2", "--keys", "40", "--rate", "3000", "--checkpoint-interval", "300"));
        return all;
    }

    private long completed() {
        LocalCluster.Response r = cluster.get("/jobs/" + JOB + "/checkpoints");
        return r.ok() ? r.json().getJsonObject("counts").getInteger("completed") : -1;
    }

    /** The highest checkpoint id with metadata on disk: the newest completed checkpoint. */
    private long newestCheckpointOnDisk() throws Exception {
        try (var chks = java.nio.file.Files.list(dir.resolve("checkpoints").resolve(JOB))) {
            return chks.filter(p -> java.nio.file.Files.exists(p.resolve("_metadata")))
                    .mapToLong(p -> Long.parseLong(p.getFileName().toString().substring(4))).max().orElse(-1);
        }
    }
}
