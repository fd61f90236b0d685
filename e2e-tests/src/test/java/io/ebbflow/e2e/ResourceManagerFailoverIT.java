package io.ebbflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ResourceManager failover on real processes, with the exactly-once checker job in reactive mode on two
 * TaskExecutors: two ResourceManagers give a leader and a standby; kill -9 of the leader makes the standby lead
 * (seen in {@code GET /overview}) while the job runs on without a restart or a rescale, and a TaskExecutor
 * started afterwards registers with the new leader and is used. Then the last ResourceManager is killed too:
 * past {@code taskmanager.registration.timeout} the TaskExecutors running subtasks stay; a ResourceManager
 * started again leads with a higher epoch, everyone registers with it, and it serves the job (a TaskExecutor
 * arriving then is used). Throughout: no restart, and the checker's {@code violations} stays 0.
 */
class ResourceManagerFailoverIT {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceManagerFailoverIT.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String CHECKER = "io.ebbflow.examples.checker.ExactlyOnceChecker";
    private static final String JOB = "checker";
    private static final Pattern NODE = Pattern.compile("ResourceManager running on node (\\S+)");

    @TempDir
    Path dir;
    LocalCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new LocalCluster("rm-failover", 10, List.of("-Dstate.checkpoints.dir=" + dir.resolve("checkpoints"),
                "-Dheartbeat.interval=1s", "-Dtaskmanager.registration.timeout=3s"));
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void aStandbyTakesOverFromAKilledLeaderAndNoJobRestartsBecauseOfIt() throws Exception {
        ServiceProcess first = cluster.startResourceManager();
        cluster.startWebUi();
        await().atMost(TIMEOUT).until(() -> leader().equals(nodeOf(first)));
        ServiceProcess second = cluster.startResourceManager();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(rm().getJsonArray("standbys").getList())
                .containsExactly(nodeOf(second)));
        assertThat(second.output()).contains("standby for the ResourceManager leader " + nodeOf(first) + " epoch 1");

        List<ServiceProcess> tes = new ArrayList<>();
        tes.add(taskExecutor("te-1"));
        tes.add(taskExecutor("te-2"));
        ServiceProcess jm = cluster.startJobMaster("--job-jar", examplesJar().toString(), "-j", CHECKER, "--job-id", JOB,
                "-Dscheduler-mode=reactive", "-Djobmanager.adaptive-scheduler.executing.cooldown-after-rescaling=0s",
                "--keys", "80", "--rate", "3000", "--splits", "8", "--checkpoint-interval", "500");
        awaitParallelism(4);
        awaitProgress();
        Snapshot before = snapshot();

        // kill -9 of the leader: the standby leads.
        LocalTime killedAt = LocalTime.now();
        long killedNanos = System.nanoTime();
        first.kill();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(25)).until(() -> leader().equals(nodeOf(second)));
        long restMillis = (System.nanoTime() - killedNanos) / 1_000_000;
        // The lease (what GET /overview shows) is written before the endpoints are bound and "ready" is logged.
        await().atMost(TIMEOUT).until(() -> second.output().contains("ResourceManager epoch 2 ready"));
        long takeoverMillis = millisBetween(killedAt, loggedAt(second, "ResourceManager epoch 2 ready"));
        LOG.info("kill -9 of the ResourceManager leader -> the standby ready (its log) after {} ms, leading in "
                + "GET /overview after {} ms", takeoverMillis, restMillis);
        assertThat(takeoverMillis).as("takeover (target 2 s; generous bound on a busy machine)").isLessThan(10_000);
        assertThat(rm().getLong("epoch")).isEqualTo(2);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(taskManagers()).isEqualTo(Set.of("te-1", "te-2"));
            assertThat(cluster.get("/overview").json().getInteger("slots-available")).isZero();
        });
        awaitProgress();
        assertThat(snapshot()).as("the job kept its slots and neither restarted nor rescaled").isEqualTo(before);
        assertThat(accumulator("violations")).isZero();

        // A TaskExecutor that arrives now registers with the new leader, and the job uses it.
        tes.add(taskExecutor("te-3"));
        // The leader lists it as soon as it registered it; the TaskExecutor logs the reply a moment later.
        await().atMost(TIMEOUT).until(() -> taskManagers().contains("te-3"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(tes.get(2).output())
                .contains("registered with the ResourceManager (epoch 2)"));
        awaitParallelism(6);
        awaitProgress();
        Snapshot rescaled = snapshot();
        assertThat(rescaled.restarts()).as("a planned rescale, not a restart").isEqualTo(before.restarts());

        // The last ResourceManager dies: past the registration timeout the TaskExecutors running subtasks stay.
        second.kill();
        await().atMost(TIMEOUT).until(() -> cluster.get("/overview").status() == 503);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            for (ServiceProcess te : tes) {
                assertThat(te.output()).as(te.name()).contains("did not succeed within 3 s; not giving up");
            }
        });
        awaitProgress();
        assertThat(tes).allMatch(ServiceProcess::isAlive);
        assertThat(jm.isAlive()).isTrue();

        // A ResourceManager started again leads with a higher epoch; everyone registers with it.
        ServiceProcess third = cluster.startResourceManager();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(leader()).isEqualTo(nodeOf(third));
            assertThat(rm().getLong("epoch")).isEqualTo(3);
            assertThat(taskManagers()).isEqualTo(Set.of("te-1", "te-2", "te-3"));
            for (ServiceProcess te : tes) {
                assertThat(te.output()).as(te.name()).contains("registered with the ResourceManager (epoch 3)");
            }
        });
        awaitProgress();
        assertThat(snapshot()).as("nothing restarted or rescaled while no ResourceManager ran").isEqualTo(rescaled);
        // The JobMaster is served by the new ResourceManager (it registered again, or its heartbeat reached the
        // new one first, which knows the job from the maps): a TaskExecutor arriving now is used.
        tes.add(taskExecutor("te-4"));
        awaitParallelism(8);
        awaitProgress();
        assertThat(snapshot().restarts()).isEqualTo(before.restarts());
        assertThat(accumulator("violations")).isZero();
        assertThat(cluster.logs()).doesNotContain("VIOLATION");
        jm.stop();
    }

    // ------------------------------------------------------------------ helpers

    /** What must not change when a ResourceManager fails over: slots held, restarts, rescales. */
    private record Snapshot(Set<String> allocations, int restarts, int rescales) {
    }

    private Snapshot snapshot() {
        JsonObject job = cluster.get("/jobs/" + JOB).json();
        Set<String> allocations = job.getJsonObject("slots").getJsonArray("allocations").stream()
                .map(o -> ((JsonObject) o).getString("allocationId")).collect(Collectors.toCollection(TreeSet::new));
        JsonObject rescales = cluster.get("/jobs/" + JOB + "/rescales/overview").json();
        return new Snapshot(allocations, rescales.getInteger("numRestarts"), rescales.getInteger("numRescales"));
    }

    private JsonObject rm() {
        LocalCluster.Response r = cluster.get("/overview");
        return r.ok() && r.json().getJsonObject("resourcemanager") != null ? r.json().getJsonObject("resourcemanager")
                : new JsonObject().put("leader", "(none: " + r.status() + ")");
    }

    private String leader() {
        return rm().getString("leader");
    }

    /** When the process logged {@code text} first (its log's clock is this machine's). */
    private static LocalTime loggedAt(ServiceProcess p, String text) {
        for (String line : p.output().split("\n")) {
            if (line.contains(text)) {
                return LocalTime.parse(line.substring(0, 12));
            }
        }
        throw new AssertionError(p.name() + " did not log '" + text + "':\n" + p.output());
    }

    private static long millisBetween(LocalTime from, LocalTime to) {
        long millis = Duration.between(from, to).toMillis();
        return millis < 0 ? millis + Duration.ofDays(1).toMillis() : millis;
    }

    private static String nodeOf(ServiceProcess rm) {
        Matcher m = NODE.matcher(rm.output());
        return m.find() ? m.group(1) : "(not started yet)";
    }

    private Set<String> taskManagers() {
        LocalCluster.Response r = cluster.get("/taskmanagers");
        return !r.ok() ? Set.of() : r.json().getJsonArray("taskmanagers").stream()
                .map(o -> ((JsonObject) o).getString("id")).collect(Collectors.toCollection(TreeSet::new));
    }

    private ServiceProcess taskExecutor(String id) throws Exception {
        return cluster.startTaskExecutor("-Dtaskmanager.resource-id=" + id, "-Dtaskmanager.numberOfTaskSlots=2");
    }

    private void awaitParallelism(int p) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> JobAssertions.assertRunningAt(cluster, JOB, p));
    }

    /** The checker checks more records than it had when called, and completes checkpoints. */
    private void awaitProgress() {
        long checked = accumulator("records-checked");
        long checkpoints = completedCheckpoints();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(accumulator("records-checked")).isGreaterThan(checked);
            assertThat(completedCheckpoints()).isGreaterThan(checkpoints);
        });
    }

    private long completedCheckpoints() {
        LocalCluster.Response r = cluster.get("/jobs/" + JOB + "/checkpoints");
        return r.ok() ? r.json().getJsonObject("counts").getInteger("completed") : -1;
    }

    /** An accumulator's value (a "violations" counter never incremented reads 0). */
    private long accumulator(String name) {
        long v = cluster.accumulator(JOB, name);
        return v < 0 && name.equals("violations") && cluster.get("/jobs/" + JOB + "/accumulators").ok() ? 0 : v;
    }

    private Path examplesJar() {
        return cluster.home().resolve("examples/target/examples.jar");
    }
}
