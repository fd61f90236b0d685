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
    public static Path writeMetadata(CompletedCheckpoint checkpoint) throws IOException {
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
        return target;
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
        CompletedCheckpoint cp;
        try {
            cp = JSON.readValue(file.toFile(), CompletedCheckpoint.class);
        } catch (IOException e) {
            throw new StateFiles.CorruptStateException("checkpoint metadata " + file + " cannot be read: " + e.getMessage());
        }
        if (cp.version() != METADATA_VERSION) {
            throw new StateFiles.CorruptStateException("checkpoint metadata " + file + " has format version " + cp.version()
                    + "; this version of Ebbflow reads version " + METADATA_VERSION);
        }
        // The directory may have been moved (savepoints are relocatable): files are relative to it.
        Path dir = file.getParent().toAbsolutePath();
        cp = new CompletedCheckpoint(cp.version(), cp.jobId(), cp.checkpointId(), cp.timestamp(), cp.duration(),
                cp.savepoint(), dir.toString(), cp.maxParallelism(), cp.subtasks(), cp.stateSize());
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
