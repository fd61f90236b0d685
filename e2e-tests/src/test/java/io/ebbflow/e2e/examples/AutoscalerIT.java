package io.ebbflow.e2e.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.e2e.JobAssertions;
import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.OutputLines;
import io.ebbflow.e2e.ServiceProcess;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
    private static final Pattern STARTED = Pattern.compile("started TaskExecutor pid (\\d+)");

    @TempDir
    Path dir;

    @Test
    void theAutoscalerAddsATaskExecutorUnderLoadAndRemovesItWhenTheLoadDrops() throws Exception {
        Path rate = dir.resolve("rate");
        Files.writeString(rate, "40");
        List<Long> startedPids = new CopyOnWriteArrayList<>();
        OutputLines output = null;
        Process node = null;
        int autoscaledPort = -1;
        try (LocalCluster cluster = new LocalCluster("autoscaler", 6,
                List.of("-Dstate.checkpoints.dir=" + dir.resolve("checkpoints")))) {
            cluster.startResourceManager();
            cluster.startWebUi("-Deventbus.status.interval=500ms");
            cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-base", "-Dtaskmanager.numberOfTaskSlots=1");
            ServiceProcess jm = cluster.startJobMaster("--job-jar", cluster.home().resolve("examples/target/examples.jar")
                    .toString(), "-j", "io.ebbflow.examples.load.VariableLoad", "--job-id", "load",
                    "-Dscheduler-mode=reactive", "-Djobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=0s",
                    "--rate-file", rate.toString(), "--rate", "40", "--cost-us", "1000", "--checkpoint-interval", "2000");
            awaitTaskExecutorsAndParallelism(cluster, 1);

            autoscaledPort = cluster.reservePort();
            Path logs = Path.of(System.getProperty("ebbflow.e2e.logs", "target/e2e-logs")).resolve("autoscaler");
            List<String> command = new ArrayList<>(List.of("node", "autoscaler.js", "--job", "load",
                    "--bridge", "127.0.0.1:" + cluster.tcpBridgePort(), "--low", "300", "--high", "700",
                    "--backlog-low", "100", "--backlog-high", "3000", "--min", "1", "--max", "2",
                    "--window", "2", "--cooldown", "6",
                    "--jar", cluster.home().resolve("task-executor/target/task-executor.jar").toString(),
                    "--java", ServiceProcess.javaExecutable(),
                    "--te-cluster-ports", Integer.toString(autoscaledPort), "--te-log-dir", logs.toString(),
                    "--stop-on-exit"));
            for (String arg : List.of("-Dcluster.name=" + cluster.clusterName(), "-Dcluster.members=" + cluster.members(),
                    "-Dmetrics.reporter.prom.port=0", "-Dtaskmanager.numberOfTaskSlots=1")) {
                command.add("--te-arg");
                command.add(arg);
            }
            node = new ProcessBuilder(command).directory(cluster.home().resolve("examples/autoscaler").toFile())
                    .redirectErrorStream(true).start();
            output = OutputLines.follow(node, "autoscaler", line -> {
                Matcher m = STARTED.matcher(line);
                if (m.find()) {
                    startedPids.add(Long.parseLong(m.group(1)));
                }
            });
            awaitLine(output, "watching job load over the TCP bridge");

            // Light load: nothing to do (one TaskExecutor, the autoscaler has none to stop).
            // Heavy load: 1500 records/s at 1 ms each is more than one subtask can take.
            Files.writeString(rate, "1500");
            awaitLine(output, "scaling out");
            awaitTaskExecutorsAndParallelism(cluster, 2);
            assertThat(startedPids).hasSize(1);

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
                        scraped.lines().filter(l -> l.startsWith("# ") && !l.startsWith("# HELP") && !l.startsWith("# TYPE"))
                                .toList()).isEmpty();
            });

            // The load drops: the autoscaler stops the TaskExecutor it started, and the job rescales back.
            Files.writeString(rate, "40");
            awaitLine(output, "scaling in");
            awaitTaskExecutorsAndParallelism(cluster, 1);
            await().atMost(TIMEOUT).until(() -> ProcessHandle.of(startedPids.get(0)).map(h -> !h.isAlive()).orElse(true));
            assertThat(output.text()).contains("TaskExecutor pid " + startedPids.get(0) + " exited");
            // Both rescales were planned ones (no restart), and the job is still running.
            JsonObject overview = cluster.get("/jobs/load/rescales/overview").json();
            assertThat(overview.getInteger("numRescales")).as(overview.encode()).isGreaterThanOrEqualTo(2);
            assertThat(overview.getInteger("numRestarts")).as(overview.encode()).isZero();
            assertThat(jm.isAlive()).isTrue();
        } finally {
            if (node != null) {
                node.destroy(); // SIGTERM: with --stop-on-exit it stops the TaskExecutors it started
                if (!node.waitFor(20, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
            }
            for (long pid : startedPids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static void awaitLine(OutputLines output, String text) {
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(output.any(text)).as("%s in:\n%s", text, output.text())
                .isTrue());
    }

    /** {@code n} TaskExecutors registered and the job running with parallelism {@code n} everywhere. */
    private static void awaitTaskExecutorsAndParallelism(LocalCluster cluster, int n) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            LocalCluster.Response tms = cluster.get("/taskmanagers");
            assertThat(tms.json().getJsonArray("taskmanagers")).as(tms.body()).hasSize(n);
            JobAssertions.assertRunningAt(cluster, "load", n);
        });
    }
}
