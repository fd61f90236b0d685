package io.ebbflow.runtime.checkpoint;

import io.ebbflow.core.checkpoint.SubtaskSnapshot;
import io.ebbflow.core.checkpoint.OperatorSnapshot;
import io.ebbflow.core.checkpoint.KeyGroupOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata is written atomically and read back whole; a corrupt or incomplete checkpoint is skipped for an older one. */
class CheckpointStorageTest {

    private static CompletedCheckpoint write(Path base, long id) throws Exception {
        Path dir = CheckpointStorage.checkpointDirectory(base, "job", id);
        Files.createDirectories(dir);
        Files.write(dir.resolve("v-0.state"), new byte[] {1, 2, 3, 4});
        CompletedCheckpoint cp = new CompletedCheckpoint(CheckpointStorage.METADATA_VERSION, "job", id, 1000 * id, 5, false,
                dir.toString(), Map.of("op", 128), List.of(new SubtaskSnapshot("v", 0, 1, "v-0.state", 4,
                        List.of(new OperatorSnapshot("op", 128, List.of(new KeyGroupOffset(0, 0, 4, 9)),
                                Map.of("splits", List.of(new byte[] {7})), Map.of())))), 5);
        CheckpointStorage.writeMetadata(cp);
        return cp;
    }

    @Test
    void metadataRoundTrips(@TempDir Path base) throws Exception {
        CompletedCheckpoint cp = write(base, 3);
        CompletedCheckpoint read = CheckpointStorage.readMetadata(Path.of(cp.directory()));
        assertThat(read.checkpointId()).isEqualTo(3);
        assertThat(read.subtasks().get(0).operators().get(0).listStates().get("splits").get(0)).containsExactly(7);
        assertThat(read.subtasks().get(0).operators().get(0).keyGroups()).containsExactly(new KeyGroupOffset(0, 0, 4, 9));
        assertThat(Path.of(cp.directory()).resolve("_metadata.inprogress")).doesNotExist();
    }

    @Test
    void theNewestReadableCheckpointIsUsedAndEachSkippedOneIsReported(@TempDir Path base) throws Exception {
        write(base, 1);
        write(base, 2);
        CompletedCheckpoint third = write(base, 3);
        CompletedCheckpoint fourth = write(base, 4);
        Files.writeString(Path.of(fourth.directory()).resolve("_metadata"), "{ not json");
        Files.delete(Path.of(third.directory()).resolve("v-0.state"));
        Files.createDirectories(CheckpointStorage.checkpointDirectory(base, "job", 5)); // incomplete: no metadata
        List<String> skipped = new ArrayList<>();
        CompletedCheckpoint latest = CheckpointStorage.latestValid(base, "job", skipped::add).orElseThrow();
        assertThat(latest.checkpointId()).isEqualTo(2);
        assertThat(skipped).hasSize(2);
        assertThat(skipped.get(0)).contains("chk-4").contains("cannot be read");
        assertThat(skipped.get(1)).contains("missing the state file v-0.state");
    }

    @Test
    void aMissingSavepointIsReportedPlainly(@TempDir Path base) {
        assertThatThrownBy(() -> CheckpointStorage.readMetadata(base.resolve("nowhere")))
                .isInstanceOf(StateFiles.CorruptStateException.class).hasMessageContaining("no checkpoint metadata at");
    }

    @Test
    void aLateWriterOfADiscardedCheckpointCannotRecreateItsDirectory(@TempDir Path base) throws Exception {
        Path dir = CheckpointStorage.checkpointDirectory(base, "job", 9);
        CheckpointStorage.createDirectory(dir);
        StateFiles.write(dir.resolve("a-0.state"), List.of(), Map.of(), getClass().getClassLoader());
        CheckpointStorage.discard(dir);

        assertThatThrownBy(() -> StateFiles.write(dir.resolve("a-1.state"), List.of(), Map.of(), getClass().getClassLoader()))
                .isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining("does not exist");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aStateFileIsInPlaceWholeWithNoTemporaryFileLeft(@TempDir Path base) throws Exception {
        Path dir = CheckpointStorage.checkpointDirectory(base, "job", 1);
        CheckpointStorage.createDirectory(dir);
        StateFiles.write(dir.resolve("a-0.state"), List.of(), Map.of(), getClass().getClassLoader());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a-0.state");
        }
    }

    @Test
    void metadataThatNamesAFileOutsideItsCheckpointIsRefused(@TempDir Path base) throws Exception {
        Path dir = CheckpointStorage.checkpointDirectory(base, "job", 4);
        Files.createDirectories(dir);
        Files.write(base.resolve("job").resolve("elsewhere.state"), new byte[] {1, 2, 3, 4});
        CompletedCheckpoint cp = new CompletedCheckpoint(CheckpointStorage.METADATA_VERSION, "job", 4, 4000, 5, false,
                dir.toString(), Map.of("op", 128), List.of(new SubtaskSnapshot("v", 0, 1, "../elsewhere.state", 4,
                        List.of())), 4);
        CheckpointStorage.writeMetadata(cp);

        assertThatThrownBy(() -> CheckpointStorage.readMetadata(dir)).isInstanceOf(StateFiles.CorruptStateException.class)
                .hasMessageContaining("outside its checkpoint");
        assertThatThrownBy(() -> CheckpointStorage.checkpointDirectory(base, "..", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
