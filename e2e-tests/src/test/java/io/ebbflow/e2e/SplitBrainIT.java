package io.ebbflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network split, as two clusters that cannot see each other but share the durable store and the checkpoint
 * storage (what a partition looks like from each side). Each side has a JobMaster for the same job; the side
 * that loses the lease is fenced: it stops acting within its lease time, says so, and commits no checkpoint
 * after the other side took over, so at most one JobMaster per job commits checkpoints.
 */
class SplitBrainIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String CHECKER = "io.ebbflow.examples.checker.ExactlyOnceChecker";
    private static final Pattern COMPLETED = Pattern.compile("(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*Completed checkpoint (\\d+) of job split");
    private static final Pattern LEADS = Pattern.compile("(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*JobMaster of job split \\(.*leads with epoch (\\d+)");

    @TempDir
    Path dir;

    @Test
    void theSideThatLosesTheLeaseIsFencedAndNeverCommitsAfterTheOtherSideTookOver() throws Exception {
        List<String> shared = List.of("-Dstate.checkpoints.dir=" + dir.resolve("checkpoints"),
                "-Dhigh-availability.storageDir=" + dir.resolve("ha"), "-Dhigh-availability.cluster-id=split");
        try (LocalCluster left = new LocalCluster("split-left", 5, shared);
                LocalCluster right = new LocalCluster("split-right", 5, shared)) {
            left.startResourceManager();
            left.startWebUi();
            left.startTaskExecutor("-Dtaskmanager.numberOfTaskSlots=2");
            ServiceProcess leftJm = left.startJobMaster(args(left));
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> completed(left) >= 3);

            right.startResourceManager();
            right.startWebUi();
            right.startTaskExecutor("-Dtaskmanager.numberOfTaskSlots=2");
            ServiceProcess rightJm = right.startJobMaster(args(right));

            // The right side does not see the left JobMaster: it takes the lease (epoch 2) and resumes the job.
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                JobAssertions.assertRunningAt(right, "split", 2);
                assertThat(completed(right)).isGreaterThanOrEqualTo(2);
            });
            Matcher leads = LEADS.matcher(rightJm.output());
            assertThat(leads.find()).isTrue();
            assertThat(leads.group(2)).isEqualTo("2");
            LocalTime takeover = LocalTime.parse(leads.group(1));

            // The left one learns at its next renewal that it is fenced, and stops.
            await().atMost(Duration.ofSeconds(30)).until(() -> !leftJm.isAlive());
            assertThat(leftJm.output()).contains("is fenced", "superseded by");
            assertThat(rightJm.output()).contains("will start from checkpoint");
            Matcher done = COMPLETED.matcher(leftJm.output());
            while (done.find()) {
                assertThat(LocalTime.parse(done.group(1))).as("left committed checkpoint %s after the takeover", done.group(2))
                        .isBefore(takeover);
            }
            assertThat(right.accumulator("split", "violations")).isLessThanOrEqualTo(0);
            assertThat(right.logs()).doesNotContain("VIOLATION");
        }
    }

    private static String[] args(LocalCluster cluster) {
        return new String[] {"--job-jar", cluster.home().resolve("examples/target/examples.jar").toString(), "-j", CHECKER,
            "--job-id", "split", "-p", "2", "--keys", "20", "--rate", "2000", "--checkpoint-interval", "300"};
    }

    private static long completed(LocalCluster cluster) {
        LocalCluster.Response r = cluster.get("/jobs/split/checkpoints");
        return r.ok() ? r.json().getJsonObject("counts").getInteger("completed") : -1;
    }
}
