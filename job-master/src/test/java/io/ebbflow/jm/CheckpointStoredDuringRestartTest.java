package io.ebbflow.jm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.checkpoint.CheckpointStatus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint every subtask acknowledged is being stored (metadata written, its pointer on the way to the durable
 * store) when the job fails. The checkpoint must complete and the restart must restore it: the durable pointer is
 * what a JobMaster taking over restores, so if this JobMaster restored the checkpoint before it, the two would
 * disagree, and the sinks' transactions of the newer checkpoint, aborted by this restart, would be lost when the
 * next JobMaster restored it. Driven through the real scheduler and checkpoint coordinator ({@link CheckpointedJobHarness}).
 */
class CheckpointStoredDuringRestartTest {

    @TempDir
    Path dir;
    CheckpointedJobHarness job;

    @AfterEach
    void close() {
        if (job != null) {
            job.close();
        }
    }

    @Test
    void aFailureWhileACheckpointIsBeingStoredRestoresThatCheckpoint() throws Exception {
        job = new CheckpointedJobHarness(dir, CheckpointedJobHarness.Setup.reactive(Duration.ofSeconds(1)));
        job.start(2);
        job.advance(2_500);
        long lastRecorded = job.recordedDurably.get(job.recordedDurably.size() - 1);

        job.holdRecords = true;
        // The next checkpoint: every subtask acknowledges, its pointer is being recorded.
        for (int i = 0; i < 30 && job.heldRecords().isEmpty(); i++) {
            job.advance(100);
        }
        assertThat(job.heldRecords()).containsExactly(lastRecorded + 1);
        long storing = lastRecorded + 1;
        job.failATask();
        job.advance(100);
        job.releaseRecords();
        job.advance(3_000); // the restart's backoff (1 s), then the new run

        assertThat(job.recordedDurably).contains(storing);
        assertThat(job.restored).hasSize(2);
        assertThat(job.restored.get(1)).as("the restart restores the checkpoint recorded durably").isEqualTo(storing);
        assertThat(job.checkpoints.stats().history()).filteredOn(c -> c.id() == storing)
                .singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(CheckpointStatus.COMPLETED));
    }

    @Test
    void aFailureBeforeEverySubtaskAcknowledgedAbortsTheCheckpointAndRestoresTheOneBefore() throws Exception {
        job = new CheckpointedJobHarness(dir, CheckpointedJobHarness.Setup.reactive(Duration.ofSeconds(1)));
        job.start(2);
        job.advance(2_500);
        long lastRecorded = job.recordedDurably.get(job.recordedDurably.size() - 1);

        job.holdAcks = true;
        for (int i = 0; i < 30 && job.heldBarriers().isEmpty(); i++) {
            job.advance(100);
        }
        long pending = job.lastBarrier();
        assertThat(pending).isEqualTo(lastRecorded + 1);
        job.failATask();
        job.holdAcks = false;
        job.releaseAcks(); // late acknowledgements of the aborted checkpoint count for nothing
        job.advance(3_000);

        assertThat(job.restored.get(1)).isEqualTo(lastRecorded);
        assertThat(job.recordedDurably).doesNotContain(pending);
        assertThat(job.checkpoints.stats().history()).filteredOn(c -> c.id() == pending)
                .singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(CheckpointStatus.FAILED));
    }
}
