package io.ebbflow.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.core.checkpoint.OperatorSnapshot;
import io.ebbflow.core.job.ExecutionState;
import io.ebbflow.runtime.checkpoint.CompletedCheckpoint;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.testing.LocalJobs;
import io.ebbflow.runtime.testing.RecordingSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime calls a source reader's checkpoint hooks: {@code snapshotState(checkpointId)} at the barrier and
 * {@code notifyCheckpointComplete(checkpointId)} once the checkpoint is complete, both on the subtask's own
 * thread; a reader that fails on a completed checkpoint (a Kafka commit that did not go through) does not fail
 * the job.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SourceReaderHooksTest {

    private static StreamExecutionEnvironment job(RecordingSource source) {
        return LocalJobs.discarding(source, 2);
    }


    @Test
    void theReaderSnapshotsForTheCheckpointAndHearsOfItsCompletionOnTheSubtasksThread(@TempDir Path dir) throws Exception {
        RecordingSource source = new RecordingSource("hooks-" + System.nanoTime(), List.of("a", "b"), -1);
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.checkpointDirectory(dir);
            runner.start(job(source));
            LocalJobs.awaitRunning(runner);

            CompletedCheckpoint cp = runner.triggerCheckpoint().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> source.log().of("complete").size() == 2);

            assertThat(runner.failures()).isEmpty();
            for (int subtask = 0; subtask < 2; subtask++) {
                int i = subtask;
                List<RecordingSource.Call> calls = source.log().calls.stream().filter(c -> c.subtask() == i).toList();
                assertThat(calls).extracting(RecordingSource.Call::what).containsExactly("add", "snapshot", "complete");
                assertThat(calls).extracting(RecordingSource.Call::detail)
                        .containsExactly(i == 0 ? "a" : "b", Long.toString(cp.checkpointId()), Long.toString(cp.checkpointId()));
                assertThat(calls).extracting(RecordingSource.Call::thread).as("the subtask's own thread")
                        .allMatch(t -> t.endsWith("(" + (i + 1) + "/2)"));
            }
            // What the reader returned for the checkpoint is the source's state in it.
            List<OperatorSnapshot> sourceState = cp.subtasks().stream().flatMap(s -> s.operators().stream())
                    .filter(o -> o.listStates().containsKey("__splits")).toList();
            assertThat(sourceState).hasSize(2).allSatisfy(o -> assertThat(o.listStates().get("__splits")).hasSize(1));
        }
    }

    @Test
    void aReaderFailingOnACompletedCheckpointDoesNotFailTheJob(@TempDir Path dir) throws Exception {
        RecordingSource source = new RecordingSource("hooks-failing-" + System.nanoTime(), List.of("a", "b"), -1);
        source.log().notifyFailure = new IllegalStateException("the broker is down (commit for monitoring only)");
        try (LocalJobRunner runner = new LocalJobRunner(1)) {
            runner.checkpointDirectory(dir);
            runner.start(job(source));
            LocalJobs.awaitRunning(runner);

            CompletedCheckpoint first = runner.triggerCheckpoint().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> source.log().of("complete").size() == 2);
            CompletedCheckpoint second = runner.triggerCheckpoint().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> source.log().of("complete").size() == 4);

            assertThat(second.checkpointId()).isGreaterThan(first.checkpointId());
            assertThat(runner.failures()).isEmpty();
            assertThat(runner.states().values()).containsOnly(ExecutionState.RUNNING);
        }
    }
}
