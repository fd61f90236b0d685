package io.ebbflow.e2e.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.e2e.JobAssertions;
import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import io.ebbflow.examples.async.AsyncEnrichment;
import io.ebbflow.runtime.testing.CommittedFiles;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The async I/O example as a real job (ResourceManager, reactive JobMaster, TaskExecutors as processes), rescaled
 * while lookups are in flight: a TaskExecutor joins (parallelism 1 to 2) and one leaves cleanly (2 to 1), each
 * rescale through a checkpoint that holds the records still in flight. The bounded job then finishes, and its
 * exactly-once files hold every expected enriched order exactly once.
 */
class AsyncRescaleIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final long ORDERS = 40_000;

    static LocalCluster cluster;
    static Path work;

    @BeforeAll
    static void startCluster() throws Exception {
        work = Files.createTempDirectory("async-rescale");
        cluster = new LocalCluster("async-rescale", 8, List.of("-Dstate.checkpoints.dir=" + work.resolve("checkpoints")));
        cluster.startResourceManager();
        cluster.startWebUi();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theAsyncExampleWritesEveryEnrichedOrderOnceThroughTwoRescales() throws Exception {
        Path out = Files.createDirectories(work.resolve("enriched"));
        String job = "async-enrichment";
        ServiceProcess te1 = taskExecutor("te-1");
        ServiceProcess jm = cluster.startJobMaster("--job-jar", cluster.home().resolve("examples/target/examples.jar")
                .toString(), "-j", "io.ebbflow.examples.async.AsyncEnrichment", "--job-id", job,
                "-Dscheduler-mode=reactive", "-Djobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=0s",
                "--count", String.valueOf(ORDERS), "--rate", "1500", "--mode", "ordered", "--capacity", "200",
                "--max-delay-ms", "50", "--checkpoint-interval", "1000", "--output", out.toString());
        ServiceProcess te2 = null;
        try {
            awaitParallelism(job, 1);
            te2 = taskExecutor("te-2");
            awaitParallelism(job, 2);
            te2.stop(); // SIGTERM: leaves cleanly
            awaitParallelism(job, 1);
            List<JsonObject> history = cluster.get("/jobs/" + job + "/rescales/history").json().getJsonArray("rescales")
                    .stream().map(JsonObject.class::cast).toList();
            assertThat(history).as("%s", history).filteredOn(e -> e.getString("type").equals("RESCALE")
                    && e.getString("terminalState").equals("COMPLETED")).hasSizeGreaterThanOrEqualTo(2);

            await().atMost(Duration.ofMinutes(2)).until(() -> !jm.isAlive());
            assertThat(jm.exitCode()).as("the JobMaster of the finished job").isZero();
        } finally {
            jm.stop();
            if (te2 != null) {
                te2.stop();
            }
            te1.stop();
        }

        Map<String, Integer> committed = CommittedFiles.lineCounts(out);
        List<String> wrong = new ArrayList<>();
        for (long i = 0; i < ORDERS; i++) {
            String line = AsyncEnrichment.expected(AsyncEnrichment.order(i)).toString();
            Integer times = committed.remove(line);
            if (times == null || times != 1) {
                wrong.add("order " + i + " x" + (times == null ? 0 : times));
            }
        }
        assertThat(wrong).as("violations: orders not written exactly once").isEmpty();
        assertThat(committed).as("lines no order explains").isEmpty();
    }

    private static ServiceProcess taskExecutor(String id) throws Exception {
        return cluster.startTaskExecutor("-Dtaskmanager.resource-id=" + id, "-Dtaskmanager.numberOfTaskSlots=1");
    }

    private static void awaitParallelism(String jobId, int p) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> JobAssertions.assertRunningAt(cluster, jobId, p));
    }
}
