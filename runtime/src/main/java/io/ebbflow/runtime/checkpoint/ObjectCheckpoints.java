package io.ebbflow.runtime.checkpoint;

import io.ebbflow.core.checkpoint.SubtaskSnapshot;
import io.ebbflow.core.storage.CorruptObjectException;
import io.ebbflow.core.storage.ObjectLocation;
import io.ebbflow.core.storage.ObjectStore;
import io.ebbflow.core.storage.ObjectStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Checkpoints in S3-compatible storage, in the layout {@link CheckpointStorage} gives them on disk:
 * {@code s3://bucket/prefix/<job id>/chk-<n>/} with a state object per subtask and {@code _metadata}, written last
 * (one PUT, so it appears whole or not at all). Objects carry their CRC-32C and a state file's blocks their CRC-32,
 * so a corrupt object is reported as a {@link StateFiles.CorruptStateException}, like a corrupt file on disk.
 * "Directories" need no creating; a late writer of a discarded checkpoint can leave a state object behind in a
 * {@code chk-<n>/} without {@code _metadata}, which is never restored from and is deleted with the job's checkpoints.
 * Uses the process's store ({@link ObjectStores#get()}). Every method blocks on the network.
 */
final class ObjectCheckpoints {

    private ObjectCheckpoints() {
    }

    static ObjectStore store() {
        return ObjectStores.get();
    }

    static String checkpointLocation(String base, String jobId, long checkpointId) {
        io.ebbflow.core.protocol.Require.id(jobId, "job id");
        return ObjectLocation.parse(base).resolve(jobId).resolve("chk-" + checkpointId).toString();
    }

    static void writeMetadata(CompletedCheckpoint checkpoint, byte[] json) throws IOException {
        store().put(ObjectLocation.parse(checkpoint.directory()).resolve(CheckpointStorage.METADATA), json);
    }

    /** Uploads a subtask's state file (written locally first) into its checkpoint. */
    static void uploadStateFile(Path local, String checkpointLocation, String fileName) throws IOException {
        store().upload(local, ObjectLocation.parse(checkpointLocation).resolve(fileName));
    }

    static CompletedCheckpoint readMetadata(String location, MetadataParser parser) throws IOException {
        ObjectLocation dir = ObjectLocation.parse(location);
        if (dir.name().equals(CheckpointStorage.METADATA)) {
            dir = dir.parent();
        }
        ObjectLocation file = dir.resolve(CheckpointStorage.METADATA);
        Optional<ObjectStore.Versioned> metadata;
        try {
            metadata = store().get(file);
        } catch (CorruptObjectException e) {
            throw new StateFiles.CorruptStateException("checkpoint metadata " + e.getMessage());
        }
        if (metadata.isEmpty()) {
            throw new StateFiles.CorruptStateException("no checkpoint metadata at " + file
                    + " (an incomplete or deleted checkpoint)");
        }
        CompletedCheckpoint cp = parser.parse(file.toString(), metadata.get().bytes(), dir.toString());
        for (SubtaskSnapshot s : cp.subtasks()) {
            if (s.file() == null) {
                continue;
            }
            ObjectLocation f;
            try {
                f = dir.resolve(s.file());
            } catch (IllegalArgumentException e) {
                throw new StateFiles.CorruptStateException("checkpoint metadata " + file + " names a state file outside "
                        + "its checkpoint: " + e.getMessage());
            }
            if (s.file().contains("/")) {
                throw new StateFiles.CorruptStateException("checkpoint metadata " + file + " names a state file outside "
                        + "its checkpoint: " + s.file());
            }
            Optional<Long> size = store().size(f);
            if (size.isEmpty()) {
                throw new StateFiles.CorruptStateException("checkpoint " + cp.checkpointId() + " at " + dir
                        + " is missing the state file " + s.file());
            }
            if (size.get() != s.size()) {
                throw new StateFiles.CorruptStateException("state file " + f + " has " + size.get()
                        + " bytes; the checkpoint recorded " + s.size());
            }
        }
        return cp;
    }

    /** Turns a checkpoint's metadata bytes into the checkpoint, relocated to {@code directory}. */
    interface MetadataParser {
        CompletedCheckpoint parse(String file, byte[] bytes, String directory) throws IOException;
    }

    /** The {@code chk-<n>} locations of the job with {@code _metadata}, newest first. */
    static List<String> completedLocations(String base, String jobId) throws IOException {
        ObjectLocation job = ObjectLocation.parse(base).resolve(jobId);
        List<String> out = new ArrayList<>();
        for (long id : ids(job)) {
            ObjectLocation chk = job.resolve("chk-" + id);
            if (store().size(chk.resolve(CheckpointStorage.METADATA)).isPresent()) {
                out.add(chk.toString());
            }
        }
        return out;
    }

    static long highestId(String base, String jobId) throws IOException {
        return ids(ObjectLocation.parse(base).resolve(jobId)).stream().findFirst().orElse(0L);
    }

    /** The ids of the job's {@code chk-<n>} prefixes, highest first. */
    private static List<Long> ids(ObjectLocation job) throws IOException {
        List<Long> ids = new ArrayList<>();
        for (String name : store().list(job)) {
            if (name.startsWith("chk-")) {
                try {
                    ids.add(Long.parseLong(name.substring(4)));
                } catch (NumberFormatException e) {
                    // not a checkpoint
                }
            }
        }
        ids.sort(Comparator.reverseOrder());
        return ids;
    }

    static void discard(String location) throws IOException {
        store().deleteAll(ObjectLocation.parse(location));
    }

    /** {@code length} bytes of a state object at {@code offset}; a short object is reported as corrupt state. */
    static byte[] readRange(String file, long offset, int length, int keyGroup) throws IOException {
        try {
            return store().readRange(ObjectLocation.parse(file), offset, length);
        } catch (CorruptObjectException e) {
            throw new StateFiles.CorruptStateException(file + " ends before key group " + keyGroup + ": "
                    + e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new StateFiles.CorruptStateException("state file " + file + " is missing");
        }
    }

    /** A local scratch file for a state file on its way to S3. */
    static Path scratchFile(String fileName) throws IOException {
        return Files.createTempFile("ebbflow-state-", "-" + fileName);
    }
}
