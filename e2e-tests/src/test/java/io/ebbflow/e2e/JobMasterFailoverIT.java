package io.ebbflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JobMaster failover with real processes: the same JobMaster command started twice gives a leader and a
 * standby; kill -9 of the leader lets the standby take over and resume from the newest checkpoint, keeping the
 * TaskExecutors' slots; SIGTERM hands over; SIGTERM with no standby suspends the job, which resumes when a
 * JobMaster with its id starts. The exactly-once checker sees no violation through all of it.
 */
class JobMasterFailoverIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String CHECKER = "io.ebbflow.examples.checker.ExactlyOnceChecker";
    private static final String JOB = "ha-checker";

    @TempDir
    Path dir;
    LocalCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new LocalCluster("jobmaster-failover", 8, List.of("-Dstate.checkpoints.dir=" + dir.resolve("checkpoints")));
        cluster.startResourceManager();
        cluster.startWebUi();
        cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-0", "-Dtaskmanager.numberOfTaskSlots=2");
        cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-1", "-Dtaskmanager.numberOfTaskSlots=2");
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    private String[] jobMasterArgs() {
        return new String[] {"--job-jar", cluster.home().resolve("examples/target/examples.jar").toString(), "-j", CHECKER,
            "--job-id", JOB, "-p", "2", "--keys", "40", "--rate", "4000", "--checkpoint-interval", "300"};
    }

    @Test
    void aStandbyTakesOverFromAKilledLeaderAndAStoppedJobIsSuspendedUntilAJobMasterResumesIt() throws Exception {
        ServiceProcess first = cluster.startJobMaster(jobMasterArgs());
        awaitLeader(first);
        ServiceProcess second = cluster.startJobMaster(jobMasterArgs());
        await().atMost(TIMEOUT).until(() -> second.output().contains("is a standby"));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            JsonObject jobMaster = cluster.get("/jobs/" + JOB).json().getJsonObject("jobmaster");
            assertThat(jobMaster.getString("leader")).isNotBlank();
            assertThat(jobMaster.getJsonArray("standbys")).as("the waiting JobMaster is listed").hasSize(1);
            assertThat(jobMaster.getJsonArray("standbys").getString(0)).isNotEqualTo(jobMaster.getString("leader"));
        });
        long firstEpoch = epoch();
        awaitCheckpointsAfter(0, 2);

        // kill -9 of the leader: the standby leads with a higher epoch and restores the newest checkpoint.
        long completedBefore = completed();
        long killedAt = System.nanoTime();
        first.kill();
        awaitLeader(second);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            JobAssertions.assertRunningAt(cluster, JOB, 2);
            assertThat(epoch()).isGreaterThan(firstEpoch);
            assertThat(restoredId()).isGreaterThan(0);
        });
        long tookMs = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.println("JobMaster kill -9 -> job RUNNING again under the standby: " + tookMs + " ms");
        assertThat(second.output()).contains("resuming the job", "will start from checkpoint");
        awaitCheckpointsAfter(0, 2);

        // The killed JobMaster comes back as a standby; SIGTERM of the leader hands the job over to it.
        ServiceProcess third = cluster.startJobMaster(jobMasterArgs());
        await().atMost(TIMEOUT).until(() -> third.output().contains("is a standby"));
        long secondEpoch = epoch();
        second.stop();
        awaitLeader(third);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JobAssertions.assertRunningAt(cluster, JOB, 2);
            assertThat(epoch()).isGreaterThan(secondEpoch);
        });
        assertThat(second.output()).contains("SUSPENDED");
        awaitCheckpointsAfter(0, 2);

        // SIGTERM with no standby: the job is SUSPENDED, its state kept; a new JobMaster with its id resumes it.
        long lastRestored = restoredId();
        third.stop();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(cluster.get("/jobs").body()).contains("SUSPENDED"));
        ServiceProcess fourth = cluster.startJobMaster(jobMasterArgs());
        awaitLeader(fourth);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JobAssertions.assertRunningAt(cluster, JOB, 2);
            assertThat(restoredId()).isGreaterThan(lastRestored);
            assertThat(cluster.accumulator(JOB, "records-checked")).isPositive();
        });
        awaitCheckpointsAfter(0, 1);
        assertThat(violations()).isZero();
        assertThat(cluster.logs()).doesNotContain("VIOLATION").doesNotContain("from the beginning");
        assertThat(completedBefore).isPositive();
    }

    private void awaitLeader(ServiceProcess jm) {
        await().atMost(TIMEOUT).until(() -> jm.output().contains("JobMaster of job " + JOB + " (")
                && jm.output().contains(" leads with epoch"));
    }

    private long epoch() {
        LocalCluster.Response r = cluster.get("/jobs/" + JOB);
        return r.ok() ? r.json().getLong("jobMasterEpoch", -1L) : -1;
    }

    private long completed() {
        LocalCluster.Response r = cluster.get("/jobs/" + JOB + "/checkpoints");
        return r.ok() ? r.json().getJsonObject("counts").getInteger("completed") : -1;
    }

    private long restoredId() {
        LocalCluster.Response r = cluster.get("/jobs/" + JOB + "/checkpoints");
        if (!r.ok()) {
            return -1;
        }
        JsonObject restored = r.json().getJsonObject("latest").getJsonObject("restored");
        return restored == null ? 0 : restored.getLong("id");
    }

    /** Waits until the current leader completed {@code n} more checkpoints than {@code base}. */
    private void awaitCheckpointsAfter(long base, long n) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> completed() >= base + n);
    }

    private long violations() {
        long v = cluster.accumulator(JOB, "violations");
        return Math.max(0, v);
    }
}
