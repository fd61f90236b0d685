package io.ebbflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.core.state.CheckpointPointer;
import io.ebbflow.core.state.JobEntry;
import io.ebbflow.core.state.SharedMaps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ended jobs stay visible, on real processes: a bounded job that finishes and a job cancelled over REST are
 * archived by their JobMasters, which then exit; the REST API still answers for both with their final state
 * from the archive, and the cluster's shared maps no longer hold them.
 */
class EndedJobsIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String CHECKER = "io.ebbflow.examples.checker.ExactlyOnceChecker";
    private static final String WORD_COUNT = "io.ebbflow.examples.wordcount.WordCount";

    @TempDir
    Path dir;
    LocalCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new LocalCluster("ended-jobs", 6, List.of("-Dstate.checkpoints.dir=" + dir.resolve("checkpoints")));
        cluster.startResourceManager();
        cluster.startWebUi();
        cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-1", "-Dtaskmanager.numberOfTaskSlots=4");
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void aFinishedAndACancelledJobAnswerWithTheirFinalStateAfterTheirJobMastersExit() throws Exception {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            words.add("word" + (i % 97) + " other" + (i % 13));
        }
        Path input = Files.write(dir.resolve("words.txt"), words);
        ServiceProcess wordCount = cluster.startJobMaster("--job-jar", examplesJar().toString(), "-j", WORD_COUNT,
                "--job-id", "counted", "-p", "2", "--input", input.toString(), "--output", dir.resolve("counts").toString());
        ServiceProcess checker = cluster.startJobMaster("--job-jar", examplesJar().toString(), "-j", CHECKER,
                "--job-id", "cancelled", "-p", "2", "--keys", "20", "--rate", "2000", "--checkpoint-interval", "300");
        try {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                LocalCluster.Response r = cluster.get("/jobs/cancelled/checkpoints");
                assertThat(r.ok()).as(r.body()).isTrue();
                assertThat(r.json().getJsonObject("counts").getInteger("completed")).isGreaterThanOrEqualTo(2);
            });
            LocalCluster.Response cancel = cluster.patch("/jobs/cancelled?mode=cancel");
            assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);

            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> !wordCount.isAlive() && !checker.isAlive());
            assertThat(wordCount.exitCode()).as(wordCount.output()).isZero();
            assertThat(wordCount.output()).contains("Job counted", "archived to");
            assertThat(checker.output()).contains("Job cancelled", "CANCELED", "archived to");
            assertThat(cluster.durableStore().resolve("archive/counted.json")).exists();
            assertThat(cluster.durableStore().resolve("archive/cancelled.json")).exists();

            assertThat(states(cluster.get("/jobs").json().getJsonArray("jobs"), "id", "status"))
                    .containsEntry("counted", "FINISHED").containsEntry("cancelled", "CANCELED");
            assertThat(states(cluster.get("/jobs/overview").json().getJsonArray("jobs"), "jid", "state"))
                    .containsEntry("counted", "FINISHED").containsEntry("cancelled", "CANCELED");

            JsonObject counted = ok("/jobs/counted");
            assertThat(counted.getString("state")).isEqualTo("FINISHED");
            assertThat(counted.getLong("end-time")).isGreaterThanOrEqualTo(counted.getLong("start-time"));
            assertThat(counted.getJsonArray("vertices")).isNotEmpty();
            JsonObject cancelled = ok("/jobs/cancelled");
            assertThat(cancelled.getString("state")).isEqualTo("CANCELED");
            assertThat(cancelled.getLong("end-time")).isPositive();

            assertThat(ok("/jobs/cancelled/checkpoints").getJsonObject("counts").getInteger("completed"))
                    .isGreaterThanOrEqualTo(2);
            assertThat(ok("/jobs/counted/checkpoints").getJsonObject("counts")).isNotNull();
            assertThat(ok("/jobs/counted/exceptions").getJsonObject("exceptionHistory").getJsonArray("entries")).isEmpty();
            assertThat(ok("/jobs/cancelled/exceptions")).isNotNull();
            assertThat(ok("/jobs/cancelled/accumulators").getJsonArray("user-task-accumulators")).isNotEmpty();
            assertThat(ok("/jobs/cancelled/rescales/history")).isNotNull();

            LocalCluster.Response unknown = cluster.get("/jobs/never-ran");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().getJsonArray("errors")).hasSize(1);
            assertThat(cluster.patch("/jobs/counted?mode=cancel").status()).isEqualTo(409);

            try (TestNode node = TestNode.join(cluster)) {
                Map<String, ?> jobs = TestNode.await(node.node().map(SharedMaps.JOBS, JobEntry.class).entries());
                Map<String, ?> pointers = TestNode.await(node.node().map(SharedMaps.CHECKPOINTS,
                        CheckpointPointer.class).entries());
                assertThat(jobs).doesNotContainKeys("counted", "cancelled");
                assertThat(pointers).doesNotContainKeys("counted", "cancelled");
            }
        } finally {
            wordCount.stop();
            checker.stop();
        }
    }

    private JsonObject ok(String path) {
        LocalCluster.Response r = cluster.get(path);
        assertThat(r.ok()).as("GET %s: %s %s", path, r.status(), r.body()).isTrue();
        return r.json();
    }

    private static Map<String, String> states(JsonArray jobs, String idField, String stateField) {
        Map<String, String> out = new HashMap<>();
        for (Object o : jobs) {
            JsonObject j = (JsonObject) o;
            out.put(j.getString(idField), j.getString(stateField));
        }
        return out;
    }

    private Path examplesJar() {
        return cluster.home().resolve("examples/target/examples.jar");
    }
}
