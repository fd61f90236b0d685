package io.ebbflow.jm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.core.protocol.TaskExecutorMessages.AddSplits;
import io.ebbflow.runtime.testing.RecordingSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Splits that appear while a job runs reach the source subtask that owns them, through the real
 * {@code SplitDiscovery} driven by the real scheduler and checkpoint coordinator on a manual clock
 * ({@link CheckpointedJobHarness}); the TaskExecutors are simulated and put the splits they read into their
 * checkpoints. The source starts with splits a (subtask 1) and b (subtask 2); a new split goes to subtask
 * {@code floorMod(id.hashCode(), 2) + 1}: c and e to 2, d to 1.
 */
class SplitDiscoveryTest {

    private static final long INTERVAL = 1_000;

    @TempDir
    Path dir;
    CheckpointedJobHarness job;
    RecordingSource.Log log;

    @AfterEach
    void close() {
        if (job != null) {
            job.close();
        }
    }

    private void startJob() throws Exception {
        RecordingSource source = new RecordingSource("discovery-" + System.nanoTime(), List.of("a", "b"), INTERVAL);
        log = source.log();
        job = new CheckpointedJobHarness(dir, CheckpointedJobHarness.Setup.reactive(Duration.ofSeconds(10)), source);
        job.start(2);
    }

    /** One discovery interval passes; returns once its discovery call is done and its result applied. */
    private void discoverOnce() {
        int before = log.discoveryCalls.size();
        job.advance(INTERVAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> log.discoveryCalls.size() > before
                && !job.call(job.discovery::lookingForSplits));
    }

    private List<AddSplits> messages() {
        return job.call(() -> List.copyOf(job.splitMessages));
    }

    @Test
    void newSplitsGoToTheSubtasksThatOwnThemAndAreNotSentTwice() throws Exception {
        startJob();
        log.appear("c", "d", "e");

        discoverOnce();

        assertThat(log.discoveryCalls.get(0)).containsExactlyInAnyOrder("a", "b");
        await().atMost(Duration.ofSeconds(10)).until(() -> job.splitsOfSubtasks().equals(Map.of(
                0, Set.of("a", "d"), 1, Set.of("b", "c", "e"))));
        assertThat(messages()).hasSize(2);
        assertThat(log.discoveryThreads).as("off the JobMaster's event loop").noneMatch(t -> t.contains("eventloop"));
        assertThat(log.discoveryLoaders).containsExactly(CheckpointedJobHarness.class.getClassLoader());

        discoverOnce();

        assertThat(log.discoveryCalls.get(log.discoveryCalls.size() - 1)).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
        assertThat(messages()).as("nothing new").hasSize(2);
    }

    @Test
    void failingDiscoveryIsRetriedAtTheNextIntervalAndNeverFailsTheJob() throws Exception {
        startJob();
        log.appear("c");
        log.discoveryFailure = new IllegalStateException("broker 127.0.0.1:9092 is unreachable");

        discoverOnce();
        discoverOnce();
        discoverOnce();

        assertThat(log.discoveryCalls).hasSize(3);
        assertThat(messages()).isEmpty();
        assertThat(job.state()).isEqualTo("Executing");

        log.discoveryFailure = null;
        discoverOnce();

        await().atMost(Duration.ofSeconds(10)).until(() -> job.splitsOfSubtasks().get(1).contains("c"));
        assertThat(job.state()).isEqualTo("Executing");
    }

    @Test
    void aSplitWhoseMessageFailedIsSentAgainAfterTheNextDiscovery() throws Exception {
        startJob();
        job.act(() -> job.refuseSplits = 1);
        log.appear("c");

        discoverOnce();
        await().atMost(Duration.ofSeconds(10)).until(() -> messages().size() == 1);
        assertThat(job.splitsOfSubtasks().get(1)).doesNotContain("c");

        discoverOnce();

        await().atMost(Duration.ofSeconds(10)).until(() -> job.splitsOfSubtasks().get(1).contains("c"));
        assertThat(log.discoveryCalls.get(1)).as("the refused split was forgotten").containsExactlyInAnyOrder("a", "b");
        assertThat(messages()).hasSize(2);
    }

    @Test
    void aRestartKnowsTheSplitsOfTheCheckpointItRestoresAndFindsTheLaterOnesAgain() throws Exception {
        startJob();
        job.advance(10_000);
        long checkpoint = job.call(() -> job.checkpoints.latest().orElseThrow().checkpointId());
        log.appear("c");
        discoverOnce(); // c reaches subtask 2 after the checkpoint's barrier
        await().atMost(Duration.ofSeconds(10)).until(() -> job.splitsOfSubtasks().get(1).contains("c"));
        int callsBefore = log.discoveryCalls.size();

        job.failATask();
        job.advance(INTERVAL); // restarting (1 s backoff): no discovery while the job is not running

        assertThat(log.discoveryCalls).as("no discovery while restarting").hasSize(callsBefore);
        job.advance(100);
        assertThat(job.state()).isEqualTo("Executing");
        assertThat(job.restored).endsWith(checkpoint);
        assertThat(job.splitsOfSubtasks()).as("restored from the checkpoint, before c")
                .isEqualTo(Map.of(0, Set.of("a"), 1, Set.of("b")));

        discoverOnce();

        assertThat(log.discoveryCalls.get(log.discoveryCalls.size() - 1)).containsExactlyInAnyOrder("a", "b");
        await().atMost(Duration.ofSeconds(10)).until(() -> job.splitsOfSubtasks().get(1).contains("c"));
    }

    @Test
    void aRestoreFromACheckpointThatHoldsANewSplitKnowsItAndDoesNotSendItAgain() throws Exception {
        startJob();
        log.appear("c");
        discoverOnce();
        await().atMost(Duration.ofSeconds(10)).until(() -> job.splitsOfSubtasks().get(1).contains("c"));
        job.advance(10_000); // a checkpoint after c was added: its source state holds a, b and c
        long checkpoint = job.call(() -> job.checkpoints.latest().orElseThrow().checkpointId());
        int sent = messages().size();

        job.failATask();
        job.advance(INTERVAL + 100);
        assertThat(job.restored).endsWith(checkpoint);
        discoverOnce();

        assertThat(log.discoveryCalls.get(log.discoveryCalls.size() - 1)).as("the restored state's splits")
                .containsExactlyInAnyOrder("a", "b", "c");
        assertThat(messages()).hasSize(sent);
        assertThat(job.splitsOfSubtasks()).as("the old subtasks' lists dealt out again")
                .isEqualTo(Map.of(0, Set.of("a", "c"), 1, Set.of("b")));
    }
}
