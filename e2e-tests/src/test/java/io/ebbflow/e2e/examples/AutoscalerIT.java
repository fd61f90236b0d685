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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The autoscaler recipe ({@code examples/autoscaler}, Node.js over the TCP event-bus bridge) against a real
 * cluster: a reactive-mode job whose load is raised gets a TaskExecutor from the autoscaler and rescales
 * to it; when the load drops, the autoscaler stops that TaskExecutor again and the job rescales back.
 */
class AutoscalerIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void theAutoscalerAddsATaskExecutorUnderLoadAndRemovesItWhenTheLoadDrops() throws Exception {
        Path rate = dir.resolve("rate");
        Files.writeString(rate, "40");
        try (LocalCluster cluster = new LocalCluster("autoscaler", 6,
                List.of("-Dstate.checkpoints.dir=" + dir.resolve("checkpoints")))) {
            cluster.startResourceManager();
            cluster.startWebUi("-Deventbus.status.interval=500ms");
            cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-base", "-Dtaskmanager.numberOfTaskSlots=1");
            ServiceProcess jm = cluster.startJobMaster("--job-jar", cluster.home().resolve("examples/target/examples.jar")
                    .toString(), "-j", "io.ebbflow.examples.load.VariableLoad", "--job-id", "load",
                    "-Dscheduler-mode=reactive", "-Djobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=0s",
                    "--rate-file", rate.toString(), "--rate", "40", "--cost-us", "1000", "--checkpoint-interval", "2000");
            JobAssertions.awaitTaskExecutorsAndParallelism(cluster, "load", 1);

            try (AutoscalerProcess autoscaler = new AutoscalerProcess(cluster, "load", "autoscaler", List.of(
                    "--low", "300", "--high", "700", "--backlog-low", "100", "--backlog-high", "3000", "--min", "1",
                    "--max", "2", "--window", "2", "--cooldown", "6"))) {
                autoscaler.awaitLine("watching job load over the TCP bridge");

                // Light load: nothing to do (one TaskExecutor, the autoscaler has none to stop).
                // Heavy load: 1500 records/s at 1 ms each is more than one subtask can take.
                Files.writeString(rate, "1500");
                autoscaler.awaitLine("scaling out");
                JobAssertions.awaitTaskExecutorsAndParallelism(cluster, "load", 2);
                assertThat(autoscaler.startedPids()).hasSize(1);

                // While the job runs on two TaskExecutors: every metric the ready Grafana dashboard queries is exported.
                String dashboard = Files.readString(cluster.home().resolve("docs/grafana/ebbflow-dashboard.json"));
                java.util.Set<String> queried = new java.util.TreeSet<>();
                Matcher names = Pattern.compile("\\b(?:flink|ebbflow)_[A-Za-z0-9_]+").matcher(dashboard);
                while (names.find()) {
                    queried.add(names.group());
                }
                // A counter per endpoint and error, which appears with the first refused message (none here).
                queried.remove("ebbflow_protocol_rejected_messages_total");
                assertThat(queried).hasSizeGreaterThan(15);
                await().atMost(TIMEOUT).untilAsserted(() -> {
                    String scraped = cluster.scrapeMetrics();
                    List<String> missing = queried.stream()
                            .filter(name -> !Pattern.compile("(?m)^" + name + "[{ ]").matcher(scraped).find()).toList();
                    assertThat(missing).as("metrics the Grafana dashboard queries that no service exports (%s)",
                            scraped.lines().filter(l -> l.startsWith("# ") && !l.startsWith("# HELP")
                                    && !l.startsWith("# TYPE")).toList()).isEmpty();
                });

                // The load drops: the autoscaler stops the TaskExecutor it started, and the job rescales back.
                Files.writeString(rate, "40");
                autoscaler.awaitLine("scaling in");
                JobAssertions.awaitTaskExecutorsAndParallelism(cluster, "load", 1);
                long started = autoscaler.startedPids().get(0);
                await().atMost(TIMEOUT).until(() -> ProcessHandle.of(started).map(h -> !h.isAlive()).orElse(true));
                autoscaler.awaitLine("TaskExecutor pid " + started + " exited");
                // Both rescales were planned ones (no restart), and the job is still running.
                JsonObject overview = cluster.get("/jobs/load/rescales/overview").json();
                assertThat(overview.getInteger("numRescales")).as(overview.encode()).isGreaterThanOrEqualTo(2);
                assertThat(overview.getInteger("numRestarts")).as(overview.encode()).isZero();
                assertThat(jm.isAlive()).isTrue();
            }
        }
    }
}
