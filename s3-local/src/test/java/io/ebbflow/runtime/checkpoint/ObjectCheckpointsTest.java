package io.ebbflow.runtime.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.api.state.ValueStateDescriptor;
import io.ebbflow.core.checkpoint.KeyGroupOffset;
import io.ebbflow.core.checkpoint.OperatorSnapshot;
import io.ebbflow.core.checkpoint.SubtaskSnapshot;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.S3Options;
import io.ebbflow.core.storage.ObjectStores;
import io.ebbflow.runtime.state.HeapKeyedStateBackend;
import io.ebbflow.runtime.state.KeyGroupRange;
import io.ebbflow.s3local.S3Local;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checkpoints in S3-compatible storage (a real S3Proxy): the same layout, checks and fallbacks as on disk. */
class ObjectCheckpointsTest {

    private static final ClassLoader CL = ObjectCheckpointsTest.class.getClassLoader();
    private S3Local server;
    private String bucket;
    private String base;

    @BeforeEach
    void setUp() throws IOException {
        server = S3Local.shared();
        bucket = server.createBucket("cp-" + UUID.randomUUID().toString().substring(0, 8));
        base = "s3://" + bucket + "/checkpoints";
        ObjectStores.initialize(Configuration.builder()
                .set(S3Options.ENDPOINT, server.endpoint())
                .set(S3Options.ACCESS_KEY, S3Local.ACCESS_KEY)
                .set(S3Options.SECRET_KEY, S3Local.SECRET_KEY)
                .set(S3Options.PATH_STYLE_ACCESS, true)
                .build());
    }

    /** Writes a subtask's state file into checkpoint {@code id} the way a subtask does; returns its snapshot. */
    private SubtaskSnapshot writeState(long id, HeapKeyedStateBackend backend) throws Exception {
        String dir = CheckpointStorage.checkpointLocation(base, "job-1", id);
        String name = CheckpointStorage.stateFileName("v", 0);
        Path scratch = CheckpointStorage.stateFileTarget(dir, name);
        List<OperatorSnapshot> ops = StateFiles.write(scratch, List.of(StateFiles.snapshot("op", backend, null)),
                Map.of(), CL);
        long size = Files.size(scratch);
        CheckpointStorage.storeStateFile(scratch, dir, name);
        assertThat(scratch).as("the scratch file is gone once uploaded").doesNotExist();
        return new SubtaskSnapshot("v", 0, 1, name, size, ops);
    }

    private CompletedCheckpoint complete(long id, SubtaskSnapshot s) throws IOException {
        CompletedCheckpoint cp = new CompletedCheckpoint(CheckpointStorage.METADATA_VERSION, "job-1", id, 1000 + id, 5,
                false, CheckpointStorage.checkpointLocation(base, "job-1", id), Map.of("op", 4), List.of(s), s.size());
        CheckpointStorage.writeMetadata(cp);
        return cp;
    }

    private static HeapKeyedStateBackend backend(long multiplier) throws Exception {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(new KeyGroupRange(0, 3), 4);
        var value = backend.valueState(new ValueStateDescriptor<>("v", Long.class), false);
        for (long k = 0; k < 20; k++) {
            backend.setCurrentKey(k);
            value.update(k * multiplier);
        }
        return backend;
    }

    @Test
    void aCheckpointInS3IsRestoredKeyGroupByKeyGroup() throws Exception {
        CompletedCheckpoint cp = complete(1, writeState(1, backend(3)));

        CompletedCheckpoint read = CheckpointStorage.readMetadata(cp.directory());
        assertThat(read.directory()).isEqualTo("s3://" + bucket + "/checkpoints/job-1/chk-1");
        TaskRestore restore = StateAssignment.assign(read, List.of("op"), new KeyGroupRange(0, 3), 0, 1);
        HeapKeyedStateBackend restored = new HeapKeyedStateBackend(new KeyGroupRange(0, 3), 4);
        for (TaskRestore.KeyGroupRead r : restore.operators().get("op").keyGroups()) {
            assertThat(r.file()).isEqualTo("s3://" + bucket + "/checkpoints/job-1/chk-1/v-0.state");
            StateFiles.readKeyGroup(r, CL, restored, (t, e) -> { });
        }
        var value = restored.valueState(new ValueStateDescriptor<>("v", Long.class), false);
        for (long k = 0; k < 20; k++) {
            restored.setCurrentKey(k);
            assertThat(value.value()).isEqualTo(k * 3);
        }
    }

    @Test
    void aCorruptBlockInS3IsReportedLikeOneOnDisk() throws Exception {
        SubtaskSnapshot s = writeState(1, backend(5));
        KeyGroupOffset block = s.operators().get(0).keyGroups().stream().filter(o -> o.length() > 4).findFirst()
                .orElseThrow();
        Path object = server.objectFile(bucket, "checkpoints/job-1/chk-1/v-0.state");
        try (RandomAccessFile raf = new RandomAccessFile(object.toFile(), "rw")) {
            raf.seek(block.offset() + 2);
            int b = raf.read();
            raf.seek(block.offset() + 2);
            raf.write(b ^ 0xFF);
        }
        String file = "s3://" + bucket + "/checkpoints/job-1/chk-1/v-0.state";
        HeapKeyedStateBackend restored = new HeapKeyedStateBackend(new KeyGroupRange(0, 3), 4);
        assertThatThrownBy(() -> StateFiles.readKeyGroup(new TaskRestore.KeyGroupRead(file, block.keyGroup(),
                block.offset(), block.length(), block.crc()), CL, restored, (t, e) -> { }))
                .isInstanceOf(StateFiles.CorruptStateException.class)
                .hasMessageContaining("key group " + block.keyGroup()).hasMessageContaining(file)
                .hasMessageContaining("corrupt");
    }

    @Test
    void theNewestIntactCheckpointIsFoundAndBrokenOnesAreNamed() throws Exception {
        complete(1, writeState(1, backend(1)));
        complete(2, writeState(2, backend(2)));
        CompletedCheckpoint third = complete(3, writeState(3, backend(3)));
        writeState(4, backend(4)); // a checkpoint that never completed: no _metadata
        // The newest's state object is truncated; the second's metadata is flipped.
        Path state3 = server.objectFile(bucket, "checkpoints/job-1/chk-3/v-0.state");
        Files.write(state3, java.util.Arrays.copyOf(Files.readAllBytes(state3), (int) third.stateSize() - 1));
        Path meta2 = server.objectFile(bucket, "checkpoints/job-1/chk-2/_metadata");
        byte[] m = Files.readAllBytes(meta2);
        m[10] ^= 0x20;
        Files.write(meta2, m);

        assertThat(CheckpointStorage.highestId(base, "job-1")).isEqualTo(4);
        assertThat(CheckpointStorage.completedLocations(base, "job-1")).containsExactly(
                base + "/job-1/chk-3", base + "/job-1/chk-2", base + "/job-1/chk-1");
        List<String> skipped = new ArrayList<>();
        Optional<CompletedCheckpoint> found = CheckpointStorage.latestValid(base, "job-1", skipped::add);

        assertThat(found).get().extracting(CompletedCheckpoint::checkpointId).isEqualTo(1L);
        assertThat(skipped).hasSize(2);
        assertThat(skipped.get(0)).contains("chk-3/v-0.state").contains("bytes");
        assertThat(skipped.get(1)).contains("chk-2/_metadata").contains("corrupt");
    }

    @Test
    void discardingDeletesTheCheckpointsObjects() throws Exception {
        CompletedCheckpoint first = complete(1, writeState(1, backend(1)));
        complete(2, writeState(2, backend(2)));

        CheckpointStorage.discard(first.directory());
        assertThat(CheckpointStorage.completedLocations(base, "job-1")).containsExactly(base + "/job-1/chk-2");

        CheckpointStorage.discard(CheckpointStorage.jobLocation(base, "job-1"));
        assertThat(CheckpointStorage.highestId(base, "job-1")).isZero();
        assertThat(server.dataDirectory().resolve(bucket).resolve("checkpoints/job-1/chk-2/_metadata")).doesNotExist();
    }
}
