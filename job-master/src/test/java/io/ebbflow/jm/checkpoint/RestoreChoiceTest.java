package io.ebbflow.jm.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.runtime.checkpoint.CompletedCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What a job restores from, at start-up and at each deployment, over a storage made of plain maps. */
class RestoreChoiceTest {

    /** Checkpoints that can be read, by directory; any other directory is unreadable. */
    private final Map<String, CompletedCheckpoint> readable = new HashMap<>();
    private CompletedCheckpoint latestOnDisk;
    private final List<String> warnings = new ArrayList<>();

    private final RestoreChoice.Storage storage = new RestoreChoice.Storage() {
        @Override
        public CompletedCheckpoint read(String directory) throws IOException {
            CompletedCheckpoint cp = readable.get(directory);
            if (cp == null) {
                throw new IOException("no checkpoint metadata at " + directory);
            }
            return cp;
        }

        @Override
        public Optional<CompletedCheckpoint> latestValid(Consumer<String> skipped) {
            skipped.accept("chk-9 has no metadata");
            return Optional.ofNullable(latestOnDisk);
        }

        @Override
        public long highestId() {
            return 9;
        }

        @Override
        public List<CompletedCheckpoint> readableOlderThan(long id, int max) {
            return readable.values().stream().filter(c -> c.checkpointId() < id && !c.savepoint())
                    .sorted(java.util.Comparator.comparingLong(CompletedCheckpoint::checkpointId).reversed())
                    .limit(max).toList();
        }
    };

    private static CompletedCheckpoint checkpoint(long id, boolean savepoint, String dir) {
        return new CompletedCheckpoint(1, "job", id, 1_000 * id, 5, savepoint, dir, Map.of(), List.of(), 0);
    }

    @Test
    void aSavepointToStartFromIsReadAndIdsContinueAboveEveryCheckpointOnDisk() throws IOException {
        CompletedCheckpoint sp = checkpoint(3, true, "/sp/savepoint-1");
        readable.put("/sp/savepoint-1", sp);
        RestoreChoice.AtStart start = RestoreChoice.atStart(Optional.of("/sp/savepoint-1"), true, false, "/cp/chk-8", storage,
                warnings::add, false);
        assertThat(start.checkpoint()).isEqualTo(sp);
        assertThat(start.highestId()).isEqualTo(9);
    }

    @Test
    void aNewJobWithCheckpointsUnderItsIdThatNoRecordSaysEndedFailsInsteadOfStartingEmpty() {
        latestOnDisk = checkpoint(7, false, "/cp/chk-7");
        assertThatThrownBy(() -> RestoreChoice.atStart(Optional.empty(), false, false, null, storage, warnings::add, false))
                .isInstanceOf(RestoreChoice.NoIntactCheckpointException.class)
                .hasMessageContaining("chk-9", "execution.savepoint.path", "allow-empty-state");
    }

    @Test
    void anUnreadableSavepointFailsTheStart() {
        assertThatThrownBy(() -> RestoreChoice.atStart(Optional.of("/sp/missing"), false, true, null, storage, warnings::add, false))
                .isInstanceOf(IOException.class).hasMessageContaining("/sp/missing");
    }

    @Test
    void aNewJobAfterAnEndedOneWithTheSameIdStartsEmptyAndNamesItsCheckpoints() throws IOException {
        latestOnDisk = checkpoint(7, false, "/cp/chk-7");
        RestoreChoice.AtStart start = RestoreChoice.atStart(Optional.empty(), false, true, null, storage, warnings::add, false);
        assertThat(start.checkpoint()).isNull();
        assertThat(start.highestId()).isEqualTo(9);
        assertThat(warnings).singleElement().asString().contains("starts empty", "chk-9", "execution.savepoint.path");
    }

    @Test
    void aJobTakenOverResumesFromTheCheckpointRecordedInTheCluster() throws IOException {
        CompletedCheckpoint recorded = checkpoint(8, false, "/cp/chk-8");
        readable.put("/cp/chk-8", recorded);
        latestOnDisk = checkpoint(7, false, "/cp/chk-7");
        assertThat(RestoreChoice.atStart(Optional.empty(), true, false, "/cp/chk-8", storage, warnings::add, false).checkpoint())
                .isEqualTo(recorded);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aJobTakenOverKeepsTheIntactCheckpointsBeforeTheRecordedOneAsFallbacks() throws IOException {
        CompletedCheckpoint recorded = checkpoint(8, false, "/cp/chk-8");
        readable.put("/cp/chk-8", recorded);
        readable.put("/cp/chk-7", checkpoint(7, false, "/cp/chk-7"));
        readable.put("/cp/chk-6", checkpoint(6, false, "/cp/chk-6"));
        RestoreChoice.AtStart start = RestoreChoice.atStart(Optional.empty(), true, false, "/cp/chk-8", storage, warnings::add,
                false);
        assertThat(start.checkpoint()).isEqualTo(recorded);
        assertThat(start.older()).extracting(CompletedCheckpoint::checkpointId).containsExactly(7L, 6L);
    }

    @Test
    void anUnreadableRecordedCheckpointFallsBackToTheNewestReadableOnDiskAndSaysWhy() throws IOException {
        latestOnDisk = checkpoint(7, false, "/cp/chk-7");
        assertThat(RestoreChoice.atStart(Optional.empty(), true, false, "/cp/chk-8", storage, warnings::add, false).checkpoint())
                .isEqualTo(latestOnDisk);
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("recorded in the cluster cannot be used", "/cp/chk-8");
        assertThat(warnings.get(1)).contains("skipping checkpoint: chk-9 has no metadata");
    }

    @Test
    void aDeploymentRestoresTheNewestReadableCheckpointAndNamesTheOnesItSkipped() {
        CompletedCheckpoint older = checkpoint(5, false, "/cp/chk-5");
        readable.put("/cp/chk-5", older);
        RestoreChoice.ForDeployment choice = RestoreChoice.firstReadable(
                List.of(checkpoint(6, false, "/cp/chk-6"), older), storage, null);
        assertThat(choice.checkpoint()).isEqualTo(older);
        assertThat(choice.unreadable()).containsOnlyKeys(6L);
        assertThat(choice.unreadable().get(6L)).contains("/cp/chk-6");
    }

    @Test
    void aDeploymentWithCheckpointsNoneOfWhichCanBeReadNeverStartsEmpty() {
        assertThatThrownBy(() -> RestoreChoice.firstReadable(List.of(checkpoint(6, false, "/cp/chk-6")), storage, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no intact checkpoint of the job is left", "/cp/chk-6",
                        "execution.state-recovery.allow-empty-state");
        assertThat(RestoreChoice.firstReadable(List.of(), storage, null).checkpoint()).as("nothing to restore").isNull();
    }

    @Test
    void aJobWhoseOnlyCheckpointWasFoundCorruptFailsInsteadOfStartingEmpty() {
        // The default retention of 1 left nothing after the corrupt checkpoint 1 was dropped: the probe in issue 11.
        Map<Long, String> lost = Map.of(1L, "key group 3 in /cp/chk-1/v-0.state is corrupt (CRC-32 1f, expected 2e)");
        assertThatThrownBy(() -> RestoreChoice.firstReadable(List.of(), storage, lost))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/cp/chk-1/v-0.state is corrupt", "rather than start from empty state");
    }

    @Test
    void aJobTakenOverWhoseRecordedCheckpointAndAllOnDiskAreUnreadableFails() {
        assertThatThrownBy(() -> RestoreChoice.atStart(Optional.empty(), true, false, "/cp/chk-8", storage, warnings::add, false))
                .isInstanceOf(RestoreChoice.NoIntactCheckpointException.class)
                .hasMessageContaining("/cp/chk-8", "chk-9 has no metadata", "allow-empty-state");
    }

    @Test
    void withAllowEmptyStateAJobWhoseCheckpointsAreAllUnreadableStartsEmpty() throws IOException {
        assertThat(RestoreChoice.atStart(Optional.empty(), true, false, "/cp/chk-8", storage, warnings::add, true).checkpoint())
                .isNull();
    }
}
