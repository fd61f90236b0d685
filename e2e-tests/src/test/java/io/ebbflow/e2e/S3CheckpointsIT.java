package io.ebbflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.core.storage.ObjectLocation;
import io.ebbflow.core.storage.S3ObjectStore;
import io.ebbflow.core.storage.S3Settings;
import io.ebbflow.s3local.S3Local;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints and the durable job registry in S3-compatible storage (a real S3Proxy), with real processes: the
 * exactly-once checker job checkpoints into {@code s3://}, a TaskExecutor killed with {@code kill -9} is replaced
 * and the job restores from the checkpoint in S3, a JobMaster leader killed with {@code kill -9} is replaced by
 * its standby, which finds the job's registration and newest checkpoint in S3 and resumes from it. The job jar
 * is fetched from S3 as well. The checker
 * counts no violation, and no checkpoint or registry file is written to local disk.
 */
class S3CheckpointsIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String CHECKER = "io.ebbflow.examples.checker.ExactlyOnceChecker";
    private static final String JOB = "s3-checker";

    private S3Local s3;
    private String bucket;
    private LocalCluster cluster;
    private ServiceProcess te0;
    private ServiceProcess te1;

    @BeforeEach
    void startCluster() throws Exception {
        s3 = S3Local.shared();
        bucket = s3.createBucket("it-" + UUID.randomUUID().toString().substring(0, 8));
        cluster = new LocalCluster("s3-checkpoints", 8, List.of(
                "-Dstate.checkpoints.dir=s3://" + bucket + "/checkpoints",
                "-Dhigh-availability.storageDir=s3://" + bucket + "/ha",
                "-Ds3.endpoint=" + s3.endpoint(),
                "-Ds3.access-key=" + S3Local.ACCESS_KEY,
                "-Ds3.secret-key=" + S3Local.SECRET_KEY,
                "-Ds3.path.style.access=true"));
        jobJar = "s3://" + bucket + "/jars/examples.jar";
        try (S3ObjectStore store = new S3ObjectStore(new S3Settings(s3.endpoint(), S3Local.ACCESS_KEY,
                S3Local.SECRET_KEY, true, "us-east-1", 16 << 20, 8 << 20, 3, Duration.ofMillis(50)))) {
            store.upload(cluster.home().resolve("examples/target/examples.jar"), ObjectLocation.parse(jobJar));
        }
        cluster.startResourceManager();
        cluster.startWebUi();
        te0 = cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-0", "-Dtaskmanager.numberOfTaskSlots=2");
        te1 = cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-1", "-Dtaskmanager.numberOfTaskSlots=2");
    }

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private String jobJar;

    /** The job jar is in S3 too: the JobMasters fetch it from there. */
    private String[] jobMasterArgs() {
        return new String[] {"--job-jar", jobJar, "-j", CHECKER,
            "--job-id", JOB, "-p", "2", "--keys", "40", "--rate", "4000", "--checkpoint-interval", "300"};
    }

    @Test
    void checkpointsAndTheRegistryInS3CarryTheJobThroughATaskExecutorKillAndAJobMasterFailover() throws Exception {
        ServiceProcess leader = cluster.startJobMaster(jobMasterArgs());
        awaitLeader(leader);
        ServiceProcess standby = cluster.startJobMaster(jobMasterArgs());
        await().atMost(TIMEOUT).until(() -> standby.output().contains("is a standby"));
        awaitCompleted(2);

        Path objects = s3.dataDirectory().resolve(bucket);
        String latest = latestDirectory();
        assertThat(latest).startsWith("s3://" + bucket + "/checkpoints/" + JOB + "/chk-");
        assertThat(objects.resolve(latest.substring(("s3://" + bucket + "/").length())).resolve("_metadata")).exists();
        assertThat(objects.resolve("ha/" + cluster.clusterName() + "/jobs/" + JOB + "/job.json"))
                .as("the job's registration is in S3").exists();
        await().atMost(TIMEOUT).until(() -> Files.exists(objects.resolve("ha/" + cluster.clusterName() + "/jobs/" + JOB
                + "/checkpoint.json")));

        // kill -9 of a TaskExecutor running the job: a new one replaces it and the job restores from S3.
        ServiceProcess te = cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-2", "-Dtaskmanager.numberOfTaskSlots=2");
        long restoredBefore = restoredId();
        killTaskExecutorRunningTheJob();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JobAssertions.assertRunningAt(cluster, JOB, 2);
            assertThat(restoredId()).isGreaterThan(Math.max(0, restoredBefore));
        });
        long completedAfterKill = completed();
        awaitCompleted(completedAfterKill + 2);
        assertThat(te.isAlive()).isTrue();

        // kill -9 of the JobMaster leader: the standby finds the registration and the newest checkpoint in S3.
        long restoredBeforeFailover = restoredId();
        leader.kill();
        awaitLeader(standby);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JobAssertions.assertRunningAt(cluster, JOB, 2);
            assertThat(restoredId()).isGreaterThanOrEqualTo(restoredBeforeFailover);
            assertThat(latestDirectory()).startsWith("s3://" + bucket + "/checkpoints/" + JOB + "/chk-");
        });
        assertThat(standby.output()).contains("resuming the job", "will start from checkpoint",
                "s3://" + bucket + "/checkpoints/" + JOB + "/chk-");
        awaitCompleted(2);
        await().atMost(TIMEOUT).until(() -> cluster.accumulator(JOB, "records-checked") > 0);

        assertThat(Math.max(0, cluster.accumulator(JOB, "violations"))).isZero();
        assertThat(cluster.logs()).doesNotContain("VIOLATION").doesNotContain("from the beginning");
        assertThat(cluster.logs()).doesNotContain(S3Local.SECRET_KEY);
        assertNoStateOnLocalDisk();
    }

    /** kill -9 of te-0 or te-1, whichever runs a subtask of the job (te-2 arrived after the job started). */
    private void killTaskExecutorRunningTheJob() {
        ServiceProcess victim = te0.output().contains("of job " + JOB + " into slot") ? te0 : te1;
        assertThat(victim.output()).contains("of job " + JOB + " into slot");
        victim.kill();
    }

    private void assertNoStateOnLocalDisk() throws IOException {
        Path logs = cluster.durableStore().getParent().getParent();
        try (Stream<Path> files = Files.walk(logs)) {
            List<String> local = files.filter(Files::isRegularFile).map(Path::toString)
                    .filter(f -> f.endsWith(".state") || f.endsWith("_metadata") || f.endsWith("job.json")
                            || f.endsWith("checkpoint.json") || f.endsWith("leader.json"))
                    .toList();
            assertThat(local).as("checkpoint and registry files on local disk").isEmpty();
        }
        assertThat(cluster.home().resolve("checkpoints").resolve(JOB)).doesNotExist();
    }

    private void awaitLeader(ServiceProcess jm) {
        await().atMost(TIMEOUT).until(() -> jm.output().contains("JobMaster of job " + JOB + " (")
                && jm.output().contains(" leads with epoch"));
    }

    private JsonObject checkpoints() {
        LocalCluster.Response r = cluster.get("/jobs/" + JOB + "/checkpoints");
        return r.ok() ? r.json() : null;
    }

    private long completed() {
        JsonObject c = checkpoints();
        return c == null ? -1 : c.getJsonObject("counts").getInteger("completed");
    }

    private void awaitCompleted(long n) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> completed() >= n);
    }

    private String latestDirectory() {
        JsonObject c = checkpoints();
        JsonObject completed = c == null ? null : c.getJsonObject("latest").getJsonObject("completed");
        return completed == null ? "" : completed.getString("external_path", "");
    }

    private long restoredId() {
        JsonObject c = checkpoints();
        JsonObject restored = c == null ? null : c.getJsonObject("latest").getJsonObject("restored");
        return restored == null ? 0 : restored.getLong("id");
    }
}
