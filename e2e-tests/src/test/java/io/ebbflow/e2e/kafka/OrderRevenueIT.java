package io.ebbflow.e2e.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.e2e.JobAssertions;
import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import io.ebbflow.e2e.examples.AutoscalerProcess;
import io.ebbflow.examples.kafka.OrderProducer;
import io.ebbflow.kafkalocal.KafkaLocal;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OrderRevenue example (examples-kafka.jar) against a real Kafka broker and a real cluster in reactive mode,
 * through a scale-up, a SIGTERM leave, kill -9 of a TaskExecutor and kill -9 of the JobMaster leader (a standby
 * takes over), with orders produced between the events: a {@code read_committed} consumer of the revenue topic sees
 * every (customer, window) result exactly once, with the expected order count and amount, and nothing else.
 */
class OrderRevenueIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String JOB = "order-revenue";
    private static final int PARTITIONS = 4;

    @TempDir
    Path dir;
    LocalCluster cluster;
    KafkaLocal broker;
    String orders;
    String revenue;
    OrderLedger ledger;

    @BeforeEach
    void start(org.junit.jupiter.api.TestInfo test) throws Exception {
        broker = KafkaLocal.shared();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        orders = "orders-" + suffix;
        revenue = "revenue-" + suffix;
        OrderProducer.createTopics(broker.bootstrapServers(), PARTITIONS, orders, revenue);
        ledger = new OrderLedger(broker.bootstrapServers(), orders, revenue, PARTITIONS, 13);
        cluster = new LocalCluster("kafka-order-revenue-" + test.getTestMethod().orElseThrow().getName().substring(0, 12), 10, List.of("-Dstate.checkpoints.dir=" + dir.resolve("checkpoints")));
        cluster.startResourceManager();
        cluster.startWebUi();
    }

    @AfterEach
    void stop() {
        if (ledger != null) {
            ledger.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private String[] jobMasterArgs() {
        return new String[] {"--job-jar", cluster.home().resolve("examples/target/examples-kafka.jar").toString(),
            "-j", "io.ebbflow.examples.kafka.OrderRevenue", "--job-id", JOB, "-Dscheduler-mode=reactive",
            "-Djobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=0s",
            "--bootstrap-servers", broker.bootstrapServers(), "--orders-topic", orders, "--revenue-topic", revenue,
            "--group-id", "it-" + orders, "--transactional-id-prefix", "it-" + orders,
            "--window-seconds", Long.toString(OrderLedger.WINDOW_MS / 1000), "--checkpoint-interval-ms", "500"};
    }

    private ServiceProcess taskExecutor(String id) throws Exception {
        return cluster.startTaskExecutor("-Dtaskmanager.resource-id=" + id, "-Dtaskmanager.numberOfTaskSlots=1");
    }

    @Test
    void everyRevenueResultExactlyOnceThroughScaleUpLeaveKillAndJobMasterFailover() throws Exception {
        ServiceProcess te1 = taskExecutor("te-1");
        ServiceProcess leader = cluster.startJobMaster(jobMasterArgs());
        ledger.produce(1_000);
        await().atMost(TIMEOUT).untilAsserted(() -> JobAssertions.assertRunningAt(cluster, JOB, 1));
        awaitResults(1);

        // Scale-up: a second and a third TaskExecutor; the job follows to parallelism 3.
        ServiceProcess te2 = taskExecutor("te-2");
        ServiceProcess te3 = taskExecutor("te-3");
        ledger.produce(1_000);
        await().atMost(TIMEOUT).untilAsserted(() -> JobAssertions.assertRunningAt(cluster, JOB, 3));
        awaitCheckpoints(2);

        // A clean departure (SIGTERM): back to 2.
        te3.stop();
        ledger.produce(1_000);
        await().atMost(TIMEOUT).untilAsserted(() -> JobAssertions.assertRunningAt(cluster, JOB, 2));
        awaitCheckpoints(2);

        // kill -9 of a TaskExecutor: a restart from the latest checkpoint at parallelism 1; a new one brings 2 back.
        te2.kill();
        ledger.produce(1_000);
        await().atMost(TIMEOUT).untilAsserted(() -> JobAssertions.assertRunningAt(cluster, JOB, 1));
        taskExecutor("te-4");
        await().atMost(TIMEOUT).untilAsserted(() -> JobAssertions.assertRunningAt(cluster, JOB, 2));
        awaitCheckpoints(2);

        // kill -9 of the JobMaster leader: the standby takes over and resumes from the newest checkpoint.
        ServiceProcess standby = cluster.startJobMaster(jobMasterArgs());
        await().atMost(TIMEOUT).until(() -> standby.output().contains("is a standby"));
        leader.kill();
        ledger.produce(1_000);
        await().atMost(TIMEOUT).until(() -> standby.output().contains(" leads with epoch"));
        await().atMost(TIMEOUT).untilAsserted(() -> JobAssertions.assertRunningAt(cluster, JOB, 2));

        // The last windows close: every partition's event time moves far past them.
        ledger.tick();
        Map<String, long[]> seen = ledger.awaitAllResults(TIMEOUT, this::jobSummary);
        awaitCheckpoints(3);
        Map<String, long[]> after = ledger.readCommitted();
        assertThat(after.keySet()).as("nothing extra after more checkpoints").isEqualTo(seen.keySet());
        assertThat(te1.isAlive()).isTrue();
        assertThat(cluster.logs()).doesNotContain("from the beginning");
    }

    /**
     * Issue 13, item 5: the brokers do not answer when the job starts. The JobMaster reports why, with the address,
     * and tries again in its restart strategy's backoff (RESTARTING, the same process, no crash loop); once the
     * brokers answer, the job runs and its results are exactly what was produced.
     */
    @Test
    void aBrokerUnreachableAtStartIsRetriedByTheSameJobMasterUntilItAnswers() throws Exception {
        try (TcpForwarder late = new TcpForwarder(broker.bootstrapServers())) {
            taskExecutor("te-1");
            List<String> args = new ArrayList<>(List.of(jobMasterArgs()));
            args.set(args.indexOf("--bootstrap-servers") + 1, late.address());
            // Short enough that the test sees two attempts fail soon, long enough that once the broker answers no
            // request of the running job (the sink's transactions, the source's offset lookups) times out on a
            // loaded machine.
            args.addAll(List.of("--kafka.default.api.timeout.ms", "4000", "--kafka.request.timeout.ms", "4000"));
            ServiceProcess jobMaster = cluster.startJobMaster(args.toArray(String[]::new));
            String why = "source 'Orders' could not create its splits: Kafka source: the brokers at '" + late.address()
                    + "' did not answer within 4000 ms";
            await().atMost(TIMEOUT).until(() -> exceptionsContaining(why) >= 2);
            assertThat(jobMaster.isAlive()).as("the JobMaster retries, it does not exit").isTrue();
            assertThat(cluster.get("/jobs/" + JOB).json().getString("state")).isIn("RESTARTING", "CREATED");

            late.open();
            ledger.produce(300);
            await().atMost(TIMEOUT).untilAsserted(() -> JobAssertions.assertRunningAt(cluster, JOB, 1));
            ledger.tick();
            ledger.awaitAllResults(TIMEOUT, this::jobSummary);
            assertThat(jobMaster.isAlive()).isTrue();
            assertThat(jobMaster.output()).as("one JobMaster process led throughout").containsOnlyOnce(" leads with epoch");
        }
    }

    /**
     * Issue 13, item 4: the autoscaler recipe scales the job by its Kafka lag. Each order waits 1 ms (a simulated
     * lookup), so one subtask takes under 1000 orders/s: a burst of 20 000 orders is a backlog the autoscaler sees
     * in {@code pendingRecords} (its busy-time bound is out of reach; the backlog bound is well below the burst, a
     * margin from when pendingRecords counted only to each partition's end as of its latest fetch; the source now asks
     * the brokers for the ends every second), so it starts a TaskExecutor and the job
     * rescales to 2; once the backlog is read, it stops it and the job rescales back. Every result exactly once.
     */
    @Test
    void theAutoscalerScalesTheJobOutOnItsKafkaLagAndBackInWhenTheLagIsRead() throws Exception {
        cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-base", "-Dtaskmanager.numberOfTaskSlots=1");
        List<String> args = new ArrayList<>(List.of(jobMasterArgs()));
        // The backlog is read partition by partition (the consumer hands out one partition's fetched records before
        // the next one's), so at 1 ms per order a partition may wait longer than the default 10 s of idleness: its
        // orders would then be late (dropped), and after the rescale, where the watermark starts again, they would
        // fire their windows a second time, as in Flink. No partition goes idle here.
        args.addAll(List.of("--lookup-latency-us", "1000", "--idleness-seconds", "120"));
        ServiceProcess jobMaster = cluster.startJobMaster(args.toArray(String[]::new));
        JobAssertions.awaitTaskExecutorsAndParallelism(cluster, JOB, 1);
        try (AutoscalerProcess autoscaler = new AutoscalerProcess(cluster, JOB, "kafka-autoscaler", List.of(
                "--low", "300", "--high", "2000", "--backlog-low", "100", "--backlog-high", "2000", "--min", "1",
                "--max", "2", "--window", "2", "--cooldown", "6"))) {
            autoscaler.awaitLine("watching job " + JOB + " over the TCP bridge");
            ledger.produce(20_000);
            autoscaler.awaitLine("scaling out");
            // Busy time is at most 1000 ms/s, below --high 2000: the backlog alone put the job over the band.
            JobAssertions.awaitTaskExecutorsAndParallelism(cluster, JOB, 2);

            autoscaler.awaitLine("scaling in");
            JobAssertions.awaitTaskExecutorsAndParallelism(cluster, JOB, 1);
            assertThat(autoscaler.startedPids()).hasSize(1);
        }
        ledger.tick();
        ledger.awaitAllResults(TIMEOUT, this::jobSummary);
        JsonObject overview = cluster.get("/jobs/" + JOB + "/rescales/overview").json();
        assertThat(overview.getInteger("numRestarts")).as(overview.encode()).isZero();
        assertThat(jobMaster.isAlive()).isTrue();
    }

    /** The job's state, checkpoint counts and latest exceptions, so that a failed wait says what the job was doing. */
    private String jobSummary() {
        StringBuilder out = new StringBuilder();
        for (String path : List.of("", "/checkpoints", "/exceptions")) {
            LocalCluster.Response r = cluster.get("/jobs/" + JOB + path);
            String body = r.ok() ? r.json().encode() : "HTTP " + r.status();
            out.append("GET /jobs/").append(JOB).append(path).append(": ")
                    .append(body.length() > 1500 ? body.substring(0, 1500) + "..." : body).append('\n');
        }
        return out.toString();
    }

    private long exceptionsContaining(String text) {
        LocalCluster.Response r = cluster.get("/jobs/" + JOB + "/exceptions");
        if (!r.ok()) {
            return 0;
        }
        return r.json().getJsonObject("exceptionHistory").getJsonArray("entries").stream()
                .map(e -> ((JsonObject) e).getString("stacktrace")).filter(t -> t != null && t.contains(text)).count();
    }

    private void awaitResults(int atLeast) {
        await().atMost(TIMEOUT).until(() -> ledger.readCommitted().size() >= atLeast);
    }

    private void awaitCheckpoints(int more) {
        long base = completedCheckpoints();
        await().atMost(TIMEOUT).until(() -> completedCheckpoints() >= base + more);
    }

    private long completedCheckpoints() {
        LocalCluster.Response r = cluster.get("/jobs/" + JOB + "/checkpoints");
        return r.ok() ? r.json().getJsonObject("counts").getInteger("completed") : -1;
    }
}
