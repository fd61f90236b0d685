package io.ebbflow.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.core.checkpoint.SubtaskSnapshot;
import io.ebbflow.runtime.checkpoint.CompletedCheckpoint;
import io.ebbflow.runtime.serialization.UserCodeSerializer;
import io.ebbflow.runtime.task.SourceSplits;
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
 * A split that appears while the job runs reaches, end to end in one JVM, the reader of the subtask that owns it
 * (split c: subtask 2 of 2), is in the source's state from the next checkpoint on, and is found again after a
 * restore from a checkpoint taken before it appeared.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalSplitDiscoveryTest {

    private static StreamExecutionEnvironment job(RecordingSource source) {
        return LocalJobs.discarding(source, 2);
    }


    private static List<String> splitsIn(CompletedCheckpoint cp, int subtask) {
        SubtaskSnapshot s = cp.subtasks().stream().filter(x -> x.subtaskIndex() == subtask).findFirst().orElseThrow();
        return s.operators().stream().flatMap(o -> o.listStates().getOrDefault(SourceSplits.STATE_NAME, List.of()).stream())
                .map(b -> ((RecordingSource.Split) UserCodeSerializer.deserialize(b, LocalSplitDiscoveryTest.class
                        .getClassLoader())).splitId()).toList();
    }

    @Test
    void aNewSplitReachesItsOwnerAndIsFoundAgainAfterARestoreFromBeforeIt(@TempDir Path dir) throws Exception {
        RecordingSource source = new RecordingSource("local-discovery-" + System.nanoTime(), List.of("a", "b"), 20);
        RecordingSource.Log log = source.log();
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.checkpointDirectory(dir);
            runner.start(job(source));
            LocalJobs.awaitRunning(runner);
            CompletedCheckpoint before = runner.triggerCheckpoint().get(30, TimeUnit.SECONDS);

            log.appear("c");
            await().atMost(Duration.ofSeconds(30)).until(() -> log.added(1).contains("c"));
            CompletedCheckpoint after = runner.triggerCheckpoint().get(30, TimeUnit.SECONDS);

            assertThat(log.added(0)).containsExactly("a");
            assertThat(log.added(1)).containsExactly("b", "c");
            assertThat(splitsIn(before, 1)).containsExactly("b");
            assertThat(splitsIn(after, 1)).containsExactly("b", "c");

            runner.cancelAll();
            runner.awaitAll(Duration.ofSeconds(30));
            log.calls.clear();
            runner.start(job(source), before);
            LocalJobs.awaitRunning(runner);

            await().atMost(Duration.ofSeconds(30)).until(() -> log.added(1).contains("c"));
            assertThat(log.added(0)).containsExactly("a");
            assertThat(log.added(1)).containsExactly("b", "c");
            assertThat(runner.failures()).isEmpty();
        }
    }
}
