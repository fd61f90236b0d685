package io.ebbflow.e2e.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.e2e.JobAssertions;
import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import io.ebbflow.e2e.hosts.NetworkHosts.Host;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.LongSummaryStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rescales and checkpoints with 50 ms +- 20 ms of latency on every link between hosts (each host's frames are
 * held that long by the {@link DelayHub}; this machine's kernel has no {@code tc netem}). ResourceManager and
 * web-ui on host 1, the JobMaster on host 2, TaskExecutors on hosts 3 to 5. The figures it prints (checkpoint
 * durations before and under latency, each rescale's duration) are the ones in docs/benchmarks.md.
 */
class LatencyIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String CHECKER = "io.ebbflow.examples.checker.ExactlyOnceChecker";
    private static final String JOB = "latency";

    @RegisterExtension
    static final NetworkHostsExtension HOSTS = NetworkHostsExtension.withLatency(5, 62);

    @TempDir
    Path dir;

    @Test
    void rescalesAndCheckpointsWorkWith50MsLatencyBetweenHosts() throws Exception {
        NetworkHosts hosts = HOSTS.hosts();
        try (LocalCluster cluster = LocalCluster.onHosts("hosts-latency", List.of(hosts.host(1)),
                List.of("-Dstate.checkpoints.dir=" + dir.resolve("checkpoints")))) {
            cluster.start(hosts.host(1), "resource-manager");
            cluster.startWebUi(hosts.host(1));
            cluster.start(hosts.host(2), "job-master", "--job-jar", cluster.home().resolve("examples/target/examples.jar")
                    .toString(), "-j", CHECKER, "--job-id", JOB, "-Dscheduler-mode=reactive",
                    "-Djobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=0s",
                    "--keys", "60", "--rate", System.getProperty("latency.rate", "2000"), "--splits", "6", "--checkpoint-interval", "1000");
            taskExecutor(cluster, hosts.host(3));
            awaitParallelism(cluster, 1);
            taskExecutor(cluster, hosts.host(4));
            awaitParallelism(cluster, 2);
            long before = System.currentTimeMillis();
            await().atMost(TIMEOUT).until(() -> completedSince(cluster, before).getCount() >= 3);
            LongSummaryStatistics plain = completedSince(cluster, 0);

            for (Host h : hosts.hosts()) {
                hosts.latency(h, Duration.ofMillis(50), Duration.ofMillis(20));
            }
            long delayedFrom = System.currentTimeMillis();
            await().atMost(TIMEOUT).until(() -> completedSince(cluster, delayedFrom).getCount() >= 5);
            LongSummaryStatistics delayed = completedSince(cluster, delayedFrom);
            assertThat(delayed.getMin()).as("a checkpoint's round trips now cross delayed links").isGreaterThanOrEqualTo(30);

            ServiceProcess te5 = taskExecutor(cluster, hosts.host(5));
            awaitParallelism(cluster, 3);
            te5.stop(); // SIGTERM: a planned rescale back to 2
            awaitParallelism(cluster, 2);
            long afterRescales = System.currentTimeMillis();
            await().atMost(TIMEOUT).until(() -> completedSince(cluster, afterRescales).getCount() >= 2);

            List<JsonObject> rescales = cluster.get("/jobs/" + JOB + "/rescales/history").json().getJsonArray("rescales")
                    .stream().map(JsonObject.class::cast).filter(e -> e.getString("type").equals("RESCALE")
                            && e.getString("terminalState").equals("COMPLETED")).toList();
            List<JsonObject> underLatency = rescales.stream().filter(e -> e.getLong("startTimestamp") > delayedFrom).toList();
            List<JsonObject> withoutLatency = rescales.stream().filter(e -> e.getLong("startTimestamp") < delayedFrom).toList();
            assertThat(underLatency).as("%s", rescales).hasSize(2);
            System.out.printf("latency figures: checkpoint end-to-end without latency min/avg/max %d/%.0f/%d ms (n=%d); "
                    + "with 50+-20 ms: %d/%.0f/%d ms (n=%d); rescales without latency %s ms; with latency %s ms%n",
                    plain.getMin(), plain.getAverage(), plain.getMax(), plain.getCount(),
                    delayed.getMin(), delayed.getAverage(), delayed.getMax(), delayed.getCount(),
                    withoutLatency.stream().map(e -> e.getLong("durationMs")).toList(),
                    underLatency.stream().map(e -> e.getLong("durationMs") + " (" + phases(e) + ")").toList());
            long violations = cluster.accumulator(JOB, "violations");
            assertThat(violations).isLessThanOrEqualTo(0);
            assertThat(cluster.accumulator(JOB, "records-checked")).isPositive();
            assertThat(cluster.logs()).doesNotContain("VIOLATION");
        }
    }

    private static String phases(JsonObject rescale) {
        StringBuilder sb = new StringBuilder();
        for (Object o : rescale.getJsonArray("phases")) {
            JsonObject p = (JsonObject) o;
            sb.append(sb.length() == 0 ? "" : ", ").append(p.getString("name")).append(' ').append(p.getLong("durationMs"));
        }
        return sb.toString();
    }

    /** End-to-end durations of the completed checkpoints triggered after {@code since} (epoch millis). */
    private static LongSummaryStatistics completedSince(LocalCluster cluster, long since) {
        LocalCluster.Response r = cluster.get("/jobs/" + JOB + "/checkpoints");
        LongSummaryStatistics s = new LongSummaryStatistics();
        if (r.ok()) {
            r.json().getJsonArray("history").stream().map(JsonObject.class::cast)
                    .filter(c -> c.getString("status").equals("COMPLETED") && c.getLong("trigger_timestamp") > since
                            && !c.getBoolean("is_savepoint", false))
                    .forEach(c -> s.accept(c.getLong("end_to_end_duration")));
        }
        return s;
    }

    private static ServiceProcess taskExecutor(LocalCluster cluster, Host host) throws Exception {
        return cluster.start(host, "task-executor", "-Dtaskmanager.resource-id=te-" + host.name(),
                "-Dtaskmanager.numberOfTaskSlots=1");
    }

    private static void awaitParallelism(LocalCluster cluster, int p) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> JobAssertions.assertRunningAt(cluster, JOB, p));
    }
}
