package io.ebbflow.e2e.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.e2e.JobAssertions;
import io.ebbflow.e2e.JobView;
import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import io.ebbflow.e2e.hosts.NetworkHosts.Host;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-process suite's core with every service on a network host of its own (Linux network namespaces
 * on a bridge): ResourceManager and web-ui on host 1, two JobMasters of one job on hosts 2 and 3, TaskExecutors
 * on hosts 4 to 6 (some bound to every interface of their host, announcing its address). Nothing reaches another service over loopback: the cluster, the event bus, the data plane
 * and the job jar (from the JobMaster's blob server) all cross the bridge. Then partitions: a TaskExecutor host
 * cut off is dropped within the failure-detection timeout, the job moves off it and takes it back after the
 * heal; a JobMaster leader cut off is fenced and the standby on the majority side takes over; so is a
 * ResourceManager leader (its standby on host 7, with the web-ui), and the job runs on untouched. The exactly-once
 * checker counts no violation through any of it.
 */
class MultiHostIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String CHECKER = "io.ebbflow.examples.checker.ExactlyOnceChecker";
    private static final String JOB = "hosts";
    /** {@code cluster.failure-detection.timeout}: how long a silent member stays in the cluster. */
    private static final Duration FAILURE_DETECTION = Duration.ofSeconds(5);

    @RegisterExtension
    static final NetworkHostsExtension HOSTS = NetworkHostsExtension.onBridge(7, 61);

    @TempDir
    Path dir;
    LocalCluster cluster;
    NetworkHosts hosts;

    @BeforeEach
    void hosts() {
        hosts = HOSTS.hosts();
    }

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A ResourceManager on host 1 (the seed host), the web-ui on the same host or on host 7 (the second seed). */
    private ServiceProcess startCluster(String name, boolean secondSeed) throws Exception {
        cluster = LocalCluster.onHosts(name, secondSeed ? List.of(hosts.host(1), hosts.host(7)) : List.of(hosts.host(1)),
                List.of("-Dstate.checkpoints.dir=" + dir.resolve("checkpoints"),
                        "-Dcluster.failure-detection.timeout=" + FAILURE_DETECTION.toSeconds() + "s"));
        ServiceProcess rm = cluster.start(hosts.host(1), "resource-manager");
        cluster.startWebUi(hosts.host(secondSeed ? 7 : 1));
        return rm;
    }

    @Test
    void reactiveScalingKillMinus9AndJobMasterFailoverAcrossHosts() throws Exception {
        startCluster("hosts-core", false);
        ServiceProcess leader = jobMaster(hosts.host(2));
        await().atMost(TIMEOUT).until(() -> leads(leader));
        // The standby and one TaskExecutor listen on every interface of their host and announce its address.
        ServiceProcess standby = jobMaster(hosts.host(3), "-Djobmanager.bind-host=0.0.0.0");
        await().atMost(TIMEOUT).until(() -> standby.output().contains("is a standby"));

        ServiceProcess te4 = taskExecutor(hosts.host(4), "-Dtaskmanager.bind-host=0.0.0.0",
                "-Dtaskmanager.host=" + hosts.host(4).address());
        awaitParallelism(1);
        ServiceProcess te5 = taskExecutor(hosts.host(5));
        awaitParallelism(2);
        ServiceProcess te6 = taskExecutor(hosts.host(6));
        awaitParallelism(3);
        // Records crossed hosts: every TaskExecutor fetched the job jar from host 2 and runs subtasks.
        assertThat(JobView.runningOn(cluster, JOB)).containsExactlyInAnyOrder("te-host4", "te-host5", "te-host6");
        assertThat(te4.output()).contains("bytes from http://" + hosts.host(2).address() + ":");
        long checked = accumulator("records-checked");

        te6.stop(); // SIGTERM: leaves cleanly
        awaitParallelism(2);
        te5.kill(); // kill -9
        awaitParallelism(1);
        long epoch = epoch();
        leader.kill(); // kill -9 of the JobMaster leader: the standby on host 3 takes over
        await().atMost(TIMEOUT).until(() -> leads(standby));
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JobAssertions.assertRunningAt(cluster, JOB, 1);
            assertThat(epoch()).isGreaterThan(epoch);
        });
        taskExecutor(hosts.host(5));
        awaitParallelism(2);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(accumulator("records-checked")).isGreaterThan(checked));
        assertThat(accumulator("violations")).isZero();
        assertThat(cluster.logs()).doesNotContain("VIOLATION").doesNotContain("from the beginning");
    }

    @Test
    void partitionedTaskExecutorJobMasterAndResourceManagerHosts() throws Exception {
        ServiceProcess rmLeader = startCluster("hosts-partitions", true);
        ServiceProcess rmStandby = cluster.start(hosts.host(7), "resource-manager");
        await().atMost(TIMEOUT).until(() -> rmStandby.output().contains("standby for the ResourceManager leader"));
        ServiceProcess leader = jobMaster(hosts.host(2));
        await().atMost(TIMEOUT).until(() -> leads(leader));
        ServiceProcess standby = jobMaster(hosts.host(3));
        await().atMost(TIMEOUT).until(() -> standby.output().contains("is a standby"));
        taskExecutor(hosts.host(4));
        taskExecutor(hosts.host(5));
        ServiceProcess te6 = taskExecutor(hosts.host(6));
        awaitParallelism(3);

        // TaskExecutor host 6 cut off: dropped from the cluster's view, the job rescales onto hosts 4 and 5.
        long cut = System.nanoTime();
        hosts.partition(hosts.host(6));
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> taskManagers() != null && !taskManagers().contains("te-host6"));
        Duration detected = Duration.ofNanos(System.nanoTime() - cut);
        System.out.println("Partitioned TaskExecutor dropped after " + detected.toMillis() + " ms");
        assertThat(detected).as("dropped within the failure-detection timeout (plus a heartbeat and slack)")
                .isLessThan(FAILURE_DETECTION.plusSeconds(5));
        awaitParallelism(2);
        assertThat(JobView.runningOn(cluster, JOB)).containsExactlyInAnyOrder("te-host4", "te-host5");
        // Healed: it rejoins, registers again and the reactive job takes it back.
        hosts.heal(hosts.host(6));
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> taskManagers() != null && taskManagers().contains("te-host6"));
        awaitParallelism(3);
        assertThat(te6.isAlive()).isTrue();

        // The JobMaster leader's host cut off: the standby on host 3 claims the job, the leader is fenced and stops.
        long epoch = epoch();
        hosts.partition(hosts.host(2));
        await().atMost(TIMEOUT).until(() -> leads(standby));
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JobAssertions.assertRunningAt(cluster, JOB, 3);
            assertThat(epoch()).isGreaterThan(epoch);
        });
        await().atMost(TIMEOUT).until(() -> !leader.isAlive());
        assertThat(leader.output()).contains("is fenced");
        long checked = accumulator("records-checked");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(accumulator("records-checked")).isGreaterThan(checked));

        // The ResourceManager leader's host cut off: the standby on host 7 leads, the job keeps running untouched
        // (no restart, no rescale), and the cut-off leader is fenced and stops.
        List<Object> rescales = rescaleIds();
        long checkedBefore = accumulator("records-checked");
        hosts.partition(hosts.host(1));
        await().atMost(TIMEOUT).until(() -> rmStandby.output().contains("ResourceManager on node")
                && rmStandby.output().contains("leads with epoch"));
        await().atMost(TIMEOUT).until(() -> !rmLeader.isAlive());
        assertThat(rmLeader.output()).contains("fenced");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(accumulator("records-checked")).isGreaterThan(checkedBefore));
        JobAssertions.assertRunningAt(cluster, JOB, 3);
        assertThat(rescaleIds()).as("no restart or rescale because the ResourceManager changed").isEqualTo(rescales);
        assertThat(accumulator("violations")).isZero();
        assertThat(cluster.logs()).doesNotContain("VIOLATION").doesNotContain("from the beginning");
    }

    // ------------------------------------------------------------------ helpers

    private List<Object> rescaleIds() {
        return cluster.get("/jobs/" + JOB + "/rescales/history").json().getJsonArray("rescales").stream()
                .map(o -> ((JsonObject) o).getValue("id")).toList();
    }

    private ServiceProcess jobMaster(Host host, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--job-jar",
                cluster.home().resolve("examples/target/examples.jar").toString(), "-j", CHECKER, "--job-id", JOB,
                "-Dscheduler-mode=reactive", "-Djobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=0s"));
        args.addAll(List.of(extra));
        args.addAll(List.of("--keys", "60", "--rate", "2000", "--splits", "6", "--checkpoint-interval", "1000"));
        return cluster.start(host, "job-master", args.toArray(String[]::new));
    }

    private ServiceProcess taskExecutor(Host host, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("-Dtaskmanager.resource-id=te-" + host.name(),
                "-Dtaskmanager.numberOfTaskSlots=1"));
        args.addAll(List.of(extra));
        return cluster.start(host, "task-executor", args.toArray(String[]::new));
    }

    private boolean leads(ServiceProcess jm) {
        String out = jm.output();
        return out.contains("JobMaster of job " + JOB + " (") && out.contains(" leads with epoch");
    }

    private void awaitParallelism(int p) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> JobAssertions.assertRunningAt(cluster, JOB, p));
    }

    private String taskManagers() {
        LocalCluster.Response r = cluster.get("/taskmanagers");
        return r.ok() ? r.json().getJsonArray("taskmanagers").stream().map(o -> ((JsonObject) o).getString("id"))
                .toList().toString() : null;
    }

    private long epoch() {
        LocalCluster.Response r = cluster.get("/jobs/" + JOB);
        return r.ok() ? r.json().getLong("jobMasterEpoch", -1L) : -1;
    }

    /** An accumulator's value (a "violations" counter never incremented reads 0). */
    private long accumulator(String name) {
        long v = cluster.accumulator(JOB, name);
        return v < 0 && name.equals("violations") && cluster.get("/jobs/" + JOB + "/accumulators").ok() ? 0 : v;
    }
}
