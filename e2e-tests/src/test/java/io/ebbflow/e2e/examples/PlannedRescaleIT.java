package io.ebbflow.e2e.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.e2e.JobAssertions;
import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Zero records read again on every planned rescale, on real processes, at checkpoint intervals of 1 s, 2 s and
 * 10 s: the exactly-once checker job is scaled down and up over {@code PUT /jobs/:id/resource-requirements},
 * up by a TaskExecutor that joins, and down by one that leaves cleanly (SIGTERM). Every rescale waits for a
 * checkpoint at whose barrier the sources paused, so the rescale history shows {@code reprocessedRecords} 0 for
 * each, with every source accounted for, and the checker sees no violation. The requirement changes come
 * during the cooldown after the last rescale, so the rescale becomes due when it ends. One cluster (ResourceManager, web-ui,
 * two TaskExecutors of one slot) serves the three intervals, one job after another.
 */
class PlannedRescaleIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final String CHECKER = "io.ebbflow.examples.checker.ExactlyOnceChecker";

    static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        Path checkpoints = Files.createTempDirectory("planned-rescale");
        cluster = new LocalCluster("planned-rescale", 8, List.of("-Dstate.checkpoints.dir=" + checkpoints));
        cluster.startResourceManager();
        cluster.startWebUi();
        cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-1", "-Dtaskmanager.numberOfTaskSlots=1");
        cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-2", "-Dtaskmanager.numberOfTaskSlots=1");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest(name = "checkpoints every {0} ms")
    @ValueSource(ints = {1_000, 2_000, 10_000})
    void everyPlannedRescaleReadsNothingAgain(int intervalMillis) throws Exception {
        String job = "reread-" + intervalMillis;
        ServiceProcess jm = cluster.startJobMaster("--job-jar", cluster.home().resolve("examples/target/examples.jar")
                .toString(), "-j", CHECKER, "--job-id", job, "-p", "2",
                // A cooldown longer than the 1 s interval's trigger delay (3 s), and changes made during it: what made
                // a rescale due at the end of the cooldown go ahead at once from an older checkpoint (issue 12).
                "-Djobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=4s",
                "--keys", "60", "--rate", "3000", "--splits", "6", "--checkpoint-interval", String.valueOf(intervalMillis));
        try {
            awaitParallelism(job, 2);
            // The job may have started at 1 and rescaled to 2 when the second TaskExecutor's slot came: that rescale is
            // checked below with the others, but only the four this test makes are counted.
            int before = history(job).size();
            putUpperBound(job, 1); // scale-down over REST
            awaitParallelism(job, 1);
            putUpperBound(job, 3); // scale-up over REST (the slot given back comes again)
            awaitParallelism(job, 2);
            ServiceProcess joining = cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-" + job,
                    "-Dtaskmanager.numberOfTaskSlots=1");
            awaitParallelism(job, 3); // scale-up by a TaskExecutor that joins
            joining.stop(); // SIGTERM: it leaves cleanly
            awaitParallelism(job, 2);

            List<JsonObject> history = history(job);
            assertThat(history).as("%s", history).hasSize(before + 4).allSatisfy(e -> {
                assertThat(e.getString("type")).as(e.encode()).isEqualTo("RESCALE");
                assertThat(e.getString("terminalState")).as(e.encode()).isEqualTo("COMPLETED");
                assertThat(e.getJsonArray("phases").getJsonObject(0).getString("name")).as(e.encode())
                        .isEqualTo("checkpoint");
                assertThat(e.getLong("reprocessedRecords")).as(e.encode()).isZero();
                assertThat(e.getInteger("reprocessedUnknownSubtasks")).as(e.encode()).isZero();
            });
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(cluster.accumulator(job, "records-checked"))
                    .isPositive());
            assertThat(cluster.accumulator(job, "violations")).as("never incremented: absent (-1)").isLessThanOrEqualTo(0);
            assertThat(cluster.logs()).doesNotContain("VIOLATION");

            assertThat(cluster.patch("/jobs/" + job + "?mode=cancel").status()).isEqualTo(202);
            await().atMost(TIMEOUT).until(() -> !jm.isAlive());
        } finally {
            jm.stop();
        }
    }

    private static List<JsonObject> history(String jobId) {
        return JobAssertions.rescaleHistory(cluster, jobId);
    }

    private static void awaitParallelism(String jobId, int p) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> JobAssertions.assertRunningAt(cluster, jobId, p));
    }

    private static void putUpperBound(String jobId, int upper) {
        JobAssertions.putParallelismBounds(cluster, jobId, 1, upper);
    }
}
