package io.ebbflow.runtime.checkpoint;

import io.ebbflow.core.checkpoint.SubtaskSnapshot;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Checkpoints on the file system: {@code <state.checkpoints.dir>/<job id>/chk-<id>/} holds one state file
 * per subtask with keyed state ({@code <vertex>-<subtask>.state}, see {@link StateFiles}) and the
 * checkpoint's {@code _metadata} (JSON, {@link CompletedCheckpoint}), written last and atomically: a
 * directory without {@code _metadata} is an incomplete checkpoint and is never restored from.
 * Savepoints have the same layout in a directory of their own.
 *
 * <p>A location of the form {@code s3://bucket/prefix} puts the same layout in S3-compatible storage
 * ({@link ObjectCheckpoints}); the methods taking a location string choose by it.
 */
public final class CheckpointStorage {

    public static final int METADATA_VERSION = 1;
    public static final String METADATA = "_metadata";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private CheckpointStorage() {
    }

    public static Path checkpointDirectory(Path base, String jobId, long checkpointId) {
        return jobDirectory(base, jobId).resolve("chk-" + checkpointId);
    }

    /** The location of checkpoint {@code checkpointId} of the job under {@code base} (a directory or {@code s3://}). */
    public static String checkpointLocation(String base, String jobId, long checkpointId) {
        return isObjectStorage(base) ? ObjectCheckpoints.checkpointLocation(base, jobId, checkpointId)
                : checkpointDirectory(Path.of(base), jobId, checkpointId).toAbsolutePath().toString();
    }

    /** The location of all the job's checkpoints under {@code base}. */
    public static String jobLocation(String base, String jobId) {
        return isObjectStorage(base)
                ? io.ebbflow.core.storage.ObjectLocation.parse(base).resolve(
                        io.ebbflow.core.protocol.Require.id(jobId, "job id")).toString()
                : jobDirectory(Path.of(base), jobId).toString();
    }

    /** Whether {@code location} is in S3-compatible storage. */
    public static boolean isObjectStorage(String location) {
        return io.ebbflow.core.storage.ObjectLocation.isObjectStorage(location);
    }

    /** As {@link #createDirectory(Path)}; nothing to create in S3. */
    public static void createDirectory(String location) throws IOException {
        if (!isObjectStorage(location)) {
            createDirectory(Path.of(location));
        }
    }

    /**
     * Puts a subtask's state file, written to {@code local}, into the checkpoint at {@code location} as
     * {@code fileName}: uploaded (and the local file deleted) for S3; on disk it was written in place.
     */
    public static void storeStateFile(Path local, String location, String fileName) throws IOException {
        if (isObjectStorage(location)) {
            try {
                ObjectCheckpoints.uploadStateFile(local, location, fileName);
            } finally {
                Files.deleteIfExists(local);
            }
        }
    }

    /** Where a subtask writes its state file for the checkpoint at {@code location}: in place, or a scratch file. */
    public static Path stateFileTarget(String location, String fileName) throws IOException {
        return isObjectStorage(location) ? ObjectCheckpoints.scratchFile(fileName)
                : io.ebbflow.core.util.PathGuard.childForName(Path.of(location), fileName, "state file");
    }

    /** As {@link #readMetadata(Path)} for a directory or {@code s3://} location. */
    public static CompletedCheckpoint readMetadata(String location) throws IOException {
        return isObjectStorage(location) ? ObjectCheckpoints.readMetadata(location, CheckpointStorage::parse)
                : readMetadata(Path.of(location));
    }

    /** As {@link #completedDirectories(Path, String)}, as locations. */
    public static List<String> completedLocations(String base, String jobId) throws IOException {
        if (isObjectStorage(base)) {
            return ObjectCheckpoints.completedLocations(base, jobId);
        }
        return completedDirectories(Path.of(base), jobId).stream().map(Path::toString).toList();
    }

    /** As {@link #highestId(Path, String)}. */
    public static long highestId(String base, String jobId) throws IOException {
        return isObjectStorage(base) ? ObjectCheckpoints.highestId(base, jobId) : highestId(Path.of(base), jobId);
    }

    /** As {@link #latestValid(Path, String, Consumer)}. */
    public static Optional<CompletedCheckpoint> latestValid(String base, String jobId, Consumer<String> skipped)
            throws IOException {
        for (String location : completedLocations(base, jobId)) {
            try {
                return Optional.of(readMetadata(location));
            } catch (StateFiles.CorruptStateException e) {
                skipped.accept(e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** As {@link #discard(Path)}: everything at the location. */
    public static void discard(String location) throws IOException {
        if (isObjectStorage(location)) {
            ObjectCheckpoints.discard(location);
        } else {
            discard(Path.of(location));
        }
    }

    /** {@code <base>/<jobId>}, the id checked and the result checked to stay under {@code base}. */
    public static Path jobDirectory(Path base, String jobId) {
        return io.ebbflow.core.util.PathGuard.childForId(base, jobId, "job id");
    }

    /** The state file of a subtask, relative to its checkpoint directory. */
    public static String stateFileName(String vertexId, int subtaskIndex) {
        return vertexId + "-" + subtaskIndex + ".state";
    }

    /**
     * Creates a checkpoint's directory (the JobMaster does, when it triggers the checkpoint): subtasks write
     * their state files only into an existing directory, so a failed checkpoint's directory, once deleted,
     * stays deleted.
     */
    public static void createDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        io.ebbflow.core.ha.DurableStore.fsyncDirectory(dir.getParent());
    }

    /**
     * Writes {@code _metadata} atomically and durably (temporary file, fsync, rename, fsync of the directory).
     * The state files it names were fsynced by their writers, so a checkpoint with metadata is complete on disk.
     */
    public static String writeMetadata(CompletedCheckpoint checkpoint) throws IOException {
        if (isObjectStorage(checkpoint.directory())) {
            ObjectCheckpoints.writeMetadata(checkpoint, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(checkpoint));
            return checkpoint.directory() + "/" + METADATA;
        }
        Path dir = Path.of(checkpoint.directory());
        Files.createDirectories(dir);
        Path tmp = dir.resolve(METADATA + ".inprogress");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            JSON.writerWithDefaultPrettyPrinter().writeValue(out, checkpoint);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Path target = dir.resolve(METADATA);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        io.ebbflow.core.ha.DurableStore.fsyncDirectory(dir);
        return target.toString();
    }

    /**
     * Reads and checks a checkpoint or savepoint: {@code path} is its directory or its {@code _metadata}.
     * Every state file it names must exist with its recorded size.
     *
     * @throws StateFiles.CorruptStateException naming what is missing or wrong
     */
    public static CompletedCheckpoint readMetadata(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(METADATA) : path;
        if (!Files.isRegularFile(file)) {
            throw new StateFiles.CorruptStateException("no checkpoint metadata at " + file
                    + (Files.isDirectory(path) ? " (an incomplete or deleted checkpoint)" : ""));
        }
        // The directory may have been moved (savepoints are relocatable): files are relative to it.
        Path dir = file.getParent().toAbsolutePath();
        CompletedCheckpoint cp = parse(file.toString(), Files.readAllBytes(file), dir.toString());
        for (SubtaskSnapshot s : cp.subtasks()) {
            if (s.file() == null) {
                continue;
            }
            Path f;
            try {
                f = io.ebbflow.core.util.PathGuard.resolveInside(dir, s.file(), "state file");
            } catch (IllegalArgumentException e) {
                throw new StateFiles.CorruptStateException("checkpoint metadata " + file + " names a state file outside "
                        + "its checkpoint: " + e.getMessage());
            }
            if (!Files.isRegularFile(f)) {
                throw new StateFiles.CorruptStateException("checkpoint " + cp.checkpointId() + " at " + dir
                        + " is missing the state file " + s.file());
            }
            if (Files.size(f) != s.size()) {
                throw new StateFiles.CorruptStateException("state file " + f + " has " + Files.size(f)
                        + " bytes; the checkpoint recorded " + s.size());
            }
        }
        return cp;
    }

    /** Parses checkpoint metadata read from {@code file}, relocated to {@code directory}. */
    static CompletedCheckpoint parse(String file, byte[] bytes, String directory) throws IOException {
        CompletedCheckpoint cp;
        try {
            cp = JSON.readValue(bytes, CompletedCheckpoint.class);
        } catch (IOException e) {
            throw new StateFiles.CorruptStateException("checkpoint metadata " + file + " cannot be read: " + e.getMessage());
        }
        if (cp.version() != METADATA_VERSION) {
            throw new StateFiles.CorruptStateException("checkpoint metadata " + file + " has format version " + cp.version()
                    + "; this version of Ebbflow reads version " + METADATA_VERSION);
        }
        return new CompletedCheckpoint(cp.version(), cp.jobId(), cp.checkpointId(), cp.timestamp(), cp.duration(),
                cp.savepoint(), directory, cp.maxParallelism(), cp.subtasks(), cp.stateSize());
    }

    /** The completed checkpoints of a job under {@code base}, newest first. */
    public static List<Path> completedDirectories(Path base, String jobId) throws IOException {
        Path dir = jobDirectory(base, jobId);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "chk-*")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p.resolve(METADATA))) {
                    out.add(p);
                }
            }
        }
        out.sort(Comparator.comparingLong(CheckpointStorage::idOf).reversed());
        return out;
    }

    /** The highest {@code chk-<n>} of the job under {@code base}, complete or not (0 if none). */
    public static long highestId(Path base, String jobId) throws IOException {
        Path dir = jobDirectory(base, jobId);
        long max = 0;
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "chk-*")) {
                for (Path p : ds) {
                    max = Math.max(max, idOf(p));
                }
            }
        }
        return max;
    }

    static long idOf(Path chk) {
        try {
            return Long.parseLong(chk.getFileName().toString().substring(4));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The newest checkpoint of the job that reads back whole, trying older retained ones when the newest
     * is corrupt or incomplete; each one skipped is reported to {@code skipped}.
     */
    public static Optional<CompletedCheckpoint> latestValid(Path base, String jobId, Consumer<String> skipped)
            throws IOException {
        for (Path p : completedDirectories(base, jobId)) {
            try {
                return Optional.of(readMetadata(p));
            } catch (StateFiles.CorruptStateException e) {
                skipped.accept(e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * Deletes a checkpoint directory and everything in it. A late writer may still add a file while the
     * directory is being emptied (it cannot recreate the directory once gone): the walk is repeated.
     */
    public static void discard(Path dir) throws IOException {
        for (int attempt = 1; ; attempt++) {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                return;
            } catch (java.nio.file.DirectoryNotEmptyException | java.io.UncheckedIOException e) {
                if (attempt == 5) {
                    throw e instanceof java.io.UncheckedIOException u ? u.getCause() : (IOException) e;
                }
            }
        }
    }
}
