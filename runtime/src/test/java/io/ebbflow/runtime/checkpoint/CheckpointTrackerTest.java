package io.ebbflow.runtime.checkpoint;

import io.ebbflow.core.checkpoint.CheckpointStatus;
import io.ebbflow.core.checkpoint.SubtaskSnapshot;
import io.ebbflow.core.checkpoint.OperatorSnapshot;
import io.ebbflow.core.checkpoint.KeyGroupOffset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The coordinator's bookkeeping, driven by hand with explicit times. */
class CheckpointTrackerTest {

    private static SubtaskSnapshot snapshot(String exec) {
        return new SubtaskSnapshot("v", 0, 1, exec + ".state", 100, List.of(new OperatorSnapshot("op", 128,
                List.of(new KeyGroupOffset(0, 8, 92, 1)), Map.of(), Map.of())));
    }

    @Test
    void aCheckpointCompletesWhenEveryExecutionAcknowledgedAndOldOnesAreHandedBackForDeletion() {
        CheckpointTracker c = new CheckpointTracker("job", Path.of("/cp"), 2, 0, 1);
        for (long id = 1; id <= 3; id++) {
            CheckpointBarrier b = c.trigger(1000 * id, List.of("a", "b"), null).orElseThrow();
            assertThat(b.id()).isEqualTo(id);
            assertThat(b.directory()).endsWith("job/chk-" + id);
            assertThat(c.trigger(1000 * id, List.of("a"), null)).as("one at a time").isEmpty();
            assertThat(c.acknowledge("a", id, snapshot("a"), 1000 * id + 10)).isEmpty();
            assertThat(c.acknowledge("a", id, snapshot("a"), 1000 * id + 10)).as("a repeated ack is ignored").isEmpty();
            CompletedCheckpoint done = c.acknowledge("b", id, snapshot("b"), 1000 * id + 30).orElseThrow();
            assertThat(done.duration()).isEqualTo(30);
            assertThat(done.stateSize()).isEqualTo(200);
            assertThat(done.maxParallelism()).containsEntry("op", 128);
            List<String> discard = c.completed(done, 1000 * id + 40);
            assertThat(discard).hasSize(id == 3 ? 1 : 0);
        }
        assertThat(c.latest().orElseThrow().checkpointId()).isEqualTo(3);
        assertThat(c.retainedNewestFirst()).extracting(CompletedCheckpoint::checkpointId).containsExactly(3L, 2L);
        c.dropRetained(3);
        assertThat(c.latest().orElseThrow().checkpointId()).isEqualTo(2);
        assertThat(c.completedCount()).isEqualTo(3);
    }

    @Test
    void consecutiveFailuresBeyondTheToleratedNumberFailTheJobAndSavepointsNeverDo() {
        CheckpointTracker c = new CheckpointTracker("job", Path.of("/cp"), 1, 1, 1);
        c.trigger(0, List.of("a"), null);
        assertThat(c.fail(1, "declined", 5)).isFalse();
        c.trigger(10, List.of("a"), "/savepoints/s1");
        assertThat(c.fail(2, "declined", 15)).as("savepoints do not count").isFalse();
        c.trigger(20, List.of("a"), null);
        assertThat(c.fail(3, "expired", 25)).isTrue();
        assertThat(c.failedCount()).isEqualTo(3);
        assertThat(c.latestFailed().orElseThrow().failureMessage()).isEqualTo("expired");
        // A success resets the count.
        c.trigger(30, List.of("a"), null);
        c.completed(c.acknowledge("a", 4, snapshot("a"), 35).orElseThrow(), 36);
        c.trigger(40, List.of("a"), null);
        assertThat(c.fail(5, "declined", 45)).isFalse();
    }

    @Test
    void ackOfAnAbortedCheckpointIsIgnoredAndIdsContinueAfterARestore() {
        CheckpointTracker c = new CheckpointTracker("job", Path.of("/cp"), 1, 0, 1);
        c.trigger(0, List.of("a"), null);
        c.abortPending("the job failed", 5);
        assertThat(c.acknowledge("a", 1, snapshot("a"), 6)).isEmpty();
        CompletedCheckpoint restored = new CompletedCheckpoint(1, "job", 41, 0, 1, false, "/cp/job/chk-41", Map.of(),
                List.of(), 0);
        c.restoredFrom(restored, 100);
        assertThat(c.trigger(200, List.of("a"), null).orElseThrow().id()).isEqualTo(42);
        assertThat(c.history(300).get(0).status()).isEqualTo(CheckpointStatus.IN_PROGRESS);
        assertThat(c.restoredAt()).isEqualTo(100);
    }
}
