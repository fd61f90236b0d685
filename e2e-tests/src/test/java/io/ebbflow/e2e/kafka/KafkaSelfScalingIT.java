package io.ebbflow.e2e.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.e2e.FastScalingPolicy;
import io.ebbflow.e2e.JobAssertions;
import io.ebbflow.e2e.JobView;
import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ProviderWorkers;
import io.ebbflow.e2e.ServiceProcess;
import io.ebbflow.examples.kafka.OrderProducer;
import io.ebbflow.kafkalocal.KafkaLocal;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Let it scale itself" (issue 16, item 4) with the Kafka example: {@code resourcemanager.provider: process}
 * (2 slots a worker) and the policy on ({@code jobmanager.autoscaler.enabled}); OrderRevenue reads a 4-partition
 * topic on the shared real broker, each order waits 1 ms (its lookup, so one subtask takes under 1000 orders/s).
 * The job starts on the one worker the ResourceManager starts; orders arrive at 2500/s, more than one subtask
 * reads, the policy raises the parallelism and the ResourceManager starts the second worker those slots need; the
 * orders stop, the backlog is read, the policy lowers everything to 1 after its scale-down delay and the idle worker
 * is released. A {@code read_committed} consumer of the revenue topic then sees every (customer, window) result
 * exactly once, with the expected order count and amount. Worker processes are killed by PID at the end.
 */
class KafkaSelfScalingIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String JOB = "kafka-self-scaling";
    private static final int PARTITIONS = 4;
    /** Orders per producer tick (every 100 ms): 2500 orders/s. */
    private static final int ORDERS_PER_TICK = 250;

    @TempDir
    Path dir;

    @Test
    void theKafkaJobGrowsToTheNeededWorkersAndBackWithoutAHumanExactlyOnce() throws Exception {
        KafkaLocal broker = KafkaLocal.shared();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String orders = "orders-" + suffix;
        String revenue = "revenue-" + suffix;
        OrderProducer.createTopics(broker.bootstrapServers(), PARTITIONS, orders, revenue);
        LocalCluster cluster = new LocalCluster("kafka-self-scaling", 8, List.of("-Dheartbeat.interval=1s",
                "-Dstate.checkpoints.dir=" + dir.resolve("checkpoints"),
                "-Dresourcemanager.provider=process", "-Dresourcemanager.taskmanager-timeout=3s",
                "-Dresourcemanager.max-task-executors=3", "-Dtaskmanager.numberOfTaskSlots=2",
                "-Dresourcemanager.process.log-dir=" + dir.resolve("workers"),
                "-Denv.java.opts.taskmanager=" + String.join(" ", ServiceProcess.JVM_FLAGS)));
        ProviderWorkers workers = new ProviderWorkers(cluster);
        ScheduledExecutorService producing = Executors.newSingleThreadScheduledExecutor();
        try (OrderLedger ledger = new OrderLedger(broker.bootstrapServers(), orders, revenue, PARTITIONS, 29)) {
            cluster.startResourceManager();
            cluster.startWebUi();
            ServiceProcess jm = cluster.startJobMaster(FastScalingPolicy.arguments(List.of("--job-jar",
                    cluster.home().resolve("examples/target/examples-kafka.jar").toString(),
                    "-j", "io.ebbflow.examples.kafka.OrderRevenue", "--job-id", JOB), List.of(
                    "--bootstrap-servers", broker.bootstrapServers(), "--orders-topic", orders,
                    "--revenue-topic", revenue, "--group-id", "it-" + orders, "--transactional-id-prefix", "it-" + orders,
                    "--window-seconds", Long.toString(OrderLedger.WINDOW_MS / 1000), "--checkpoint-interval-ms", "1000",
                    // 1 ms per order; no partition goes idle while the backlog is read partition by partition (see
                    // OrderRevenueIT's autoscaler test).
                    "--lookup-latency-us", "1000", "--idleness-seconds", "120")));

            // One slot is declared and none is registered: the ResourceManager starts one worker, the job runs on it.
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> JobAssertions.assertRunningAt(cluster, JOB, 1));
            Map<String, Long> first = workers.registered();
            assertThat(first).hasSize(1);

            // 2500 orders/s: the policy raises the job beyond one subtask, the ResourceManager starts a second worker.
            producing.scheduleAtFixedRate(() -> ledger.produce(ORDERS_PER_TICK), 0, 100,
                    TimeUnit.MILLISECONDS);
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> maxParallelism(cluster) > 2 && workers.registered().size() == 2);
            producing.shutdown();
            assertThat(producing.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            Map<String, Long> grown = workers.registered();
            assertThat(grown).containsAllEntriesOf(first);
            assertThat(workers.view().getLong("failed-starts")).isZero();

            // The orders stop: the backlog is read, the policy lowers the job to 1, the idle worker is released.
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> JobAssertions.assertRunningAt(cluster, JOB, 1));
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                JsonObject w = workers.view();
                assertThat(w.getLong("released")).isEqualTo(1);
                assertThat(w.getInteger("started")).isEqualTo(1);
            });
            long releasedPid = grown.entrySet().stream().filter(e -> !workers.registered().containsKey(e.getKey()))
                    .findFirst().orElseThrow().getValue();
            await().atMost(TIMEOUT).until(() -> ProcessHandle.of(releasedPid).map(p -> !p.isAlive()).orElse(true));

            // Planned rescales only, no restart: the policy's step up on the backlog (taken to the slots there are,
            // then to the rest once the new worker registered: "resources or requirements changed") and its steps
            // down, the newest to 1. Every result exactly once.
            List<JsonObject> rescales = JobAssertions.rescaleHistory(cluster, JOB);
            assertThat(rescales).as("%s", rescales).allSatisfy(e ->
                    assertThat(e.getString("type")).as(e.encode()).isEqualTo("RESCALE"));
            assertThat(rescales).as("%s", rescales).anySatisfy(e -> assertThat(e.getString("triggerCause"))
                    .startsWith("autoscaler: vertex Orders -> Lookup: busy ").contains(", backlog ", ": 1 -> "));
            assertThat(rescales.get(0).getString("triggerCause")).as("%s", rescales)
                    .startsWith("autoscaler: vertex Orders -> Lookup: busy ").contains(" -> 1 ");
            JsonObject overview = cluster.get("/jobs/" + JOB + "/rescales/overview").json();
            assertThat(overview.getInteger("numRestarts")).as(overview.encode()).isZero();
            ledger.tick();
            ledger.awaitAllResults(TIMEOUT, () -> "");
            assertThat(jm.isAlive()).isTrue();
        } finally {
            producing.shutdownNow();
            try {
                cluster.close();
            } finally {
                workers.killAll();
            }
        }
    }

    /** The highest parallelism of a vertex while the job runs, else -1. */
    private static int maxParallelism(LocalCluster cluster) {
        JsonObject job = JobView.running(cluster, JOB);
        if (job == null) {
            return -1;
        }
        return job.getJsonArray("vertices").stream().map(JsonObject.class::cast)
                .mapToInt(v -> v.getInteger("parallelism")).max().orElse(-1);
    }
}
