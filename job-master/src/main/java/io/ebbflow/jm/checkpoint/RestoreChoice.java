package io.ebbflow.jm.checkpoint;

import io.ebbflow.runtime.checkpoint.CheckpointStorage;
import io.ebbflow.runtime.checkpoint.CompletedCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a job restores from: at start-up (a savepoint it was told to start from; for a JobMaster taking over
 * a job, the checkpoint recorded in the cluster, else the newest readable one on disk; a new job starts
 * empty) and at each deployment (the newest retained checkpoint that can still be read). The choice is
 * pure over a {@link Storage}; the real one reads files and so runs off the event loop.
 */
public final class RestoreChoice {

    private RestoreChoice() {
    }

    /** The job's checkpoint storage, as far as the choice reads it. */
    public interface Storage {
        /** The checkpoint or savepoint at {@code directory} (a path or {@code s3://}), if its metadata can be read. */
        CompletedCheckpoint read(String directory) throws IOException;

        /** The newest checkpoint of the job that can be read; {@code skipped} hears why newer ones could not. */
        Optional<CompletedCheckpoint> latestValid(Consumer<String> skipped) throws IOException;

        /** The highest checkpoint id on disk (0 if none). */
        long highestId() throws IOException;

        /** Completed checkpoints on disk older than {@code id} whose metadata can be read, newest first. */
        default List<CompletedCheckpoint> readableOlderThan(long id, int max) throws IOException {
            return List.of();
        }

        /** The files of the job's checkpoints under {@code base}: a directory or {@code s3://bucket/prefix}. */
        static Storage of(String base, String jobId) {
            return new Storage() {
                @Override
                public CompletedCheckpoint read(String directory) throws IOException {
                    return CheckpointStorage.readMetadata(directory);
                }

                @Override
                public Optional<CompletedCheckpoint> latestValid(Consumer<String> skipped) throws IOException {
                    return CheckpointStorage.latestValid(base, jobId, skipped);
                }

                @Override
                public long highestId() throws IOException {
                    return CheckpointStorage.highestId(base, jobId);
                }

                @Override
                public List<CompletedCheckpoint> readableOlderThan(long id, int max) throws IOException {
                    List<CompletedCheckpoint> out = new java.util.ArrayList<>();
                    for (String dir : CheckpointStorage.completedLocations(base, jobId)) {
                        if (out.size() >= max) {
                            break;
                        }
                        try {
                            CompletedCheckpoint cp = CheckpointStorage.readMetadata(dir);
                            if (cp.checkpointId() < id) {
                                out.add(cp);
                            }
                        } catch (IOException e) {
                            // Not a fallback candidate; the restore names it if it is ever needed.
                        }
                    }
                    return out;
                }
            };
        }
    }

    /**
     * What start-up found.
     *
     * @param checkpoint the checkpoint or savepoint to start from, or null to start empty
     * @param highestId the highest checkpoint id on disk: new checkpoints never reuse a directory an earlier run
     *        of a job with this id left behind
     * @param older for a job taken over, the intact completed checkpoints before {@code checkpoint}, newest first:
     *        what a restart falls back to if {@code checkpoint} turns out corrupt
     */
    public record AtStart(CompletedCheckpoint checkpoint, long highestId, List<CompletedCheckpoint> older) {
        public AtStart(CompletedCheckpoint checkpoint, long highestId) {
            this(checkpoint, highestId, List.of());
        }
    }

    /**
     * @param savepoint {@code execution.savepoint.path}, if set: it must be readable
     * @param recovering whether this JobMaster takes over a job that ran before (a restarted JobMaster)
     * @param earlierEnded whether the durable store records that an earlier job with this id ended: only then are
     *        checkpoints on disk under the id known to be another job's
     * @param recordedPath the latest checkpoint recorded in the cluster, or null
     * @param warn hears about checkpoints that cannot be used
     * @param allowEmpty {@code execution.state-recovery.allow-empty-state}: a job whose checkpoints are all unreadable
     *        starts empty instead of failing
     * @throws IOException if the savepoint cannot be read, or ({@link NoIntactCheckpointException}) a job taken over
     *         had checkpoints and none of them can be read
     */
    public static AtStart atStart(Optional<String> savepoint, boolean recovering, boolean earlierEnded,
            String recordedPath, Storage storage, Consumer<String> warn, boolean allowEmpty) throws IOException {
        long highest = storage.highestId();
        if (savepoint.isPresent()) {
            return new AtStart(storage.read(savepoint.get()), highest);
        }
        if (!recovering) {
            // A new job starts empty, as in Flink; the user restores old state with execution.savepoint.path. Checkpoints
            // an earlier job with this id left are kept and named, never taken silently nor dropped silently.
            if (highest > 0 && !earlierEnded && !allowEmpty) {
                // Nothing says whose they are (the durable store was lost or is another one): they may be this job's.
                throw new NoIntactCheckpointException("checkpoints up to chk-" + highest + " are on disk under this "
                        + "job id and no record says the job that wrote them ended; resume from one with "
                        + "execution.savepoint.path, or give the new job another id");
            }
            if (highest > 0) {
                warn.accept("starts empty (a new job): checkpoints up to chk-" + highest + " of an earlier job with this "
                        + "id are on disk and not restored; to resume from one, start with execution.savepoint.path "
                        + "set to its directory");
            }
            return new AtStart(null, highest);
        }
        if (recordedPath != null) {
            try {
                CompletedCheckpoint recorded = storage.read(recordedPath);
                return new AtStart(recorded, highest, storage.readableOlderThan(recorded.checkpointId(), FALLBACKS));
            } catch (IOException e) {
                warn.accept("the latest checkpoint recorded in the cluster cannot be used (" + e.getMessage()
                        + "); looking for an older one");
            }
        }
        java.util.List<String> skipped = new java.util.ArrayList<>();
        CompletedCheckpoint found = storage.latestValid(why -> {
            skipped.add(why);
            warn.accept("skipping checkpoint: " + why);
        }).orElse(null);
        if (found == null && !allowEmpty && (recordedPath != null || !skipped.isEmpty())) {
            // The job had state (a checkpoint was recorded, or checkpoints are on disk) and none of it is intact.
            throw new NoIntactCheckpointException("the job took checkpoints" + (recordedPath == null ? ""
                    : " (the latest recorded: " + recordedPath + ")") + " but none can be read: " + skipped);
        }
        return new AtStart(found, highest, found == null ? List.of()
                : storage.readableOlderThan(found.checkpointId(), FALLBACKS));
    }

    /** How many older checkpoints a JobMaster taking over a job keeps as fallbacks. */
    private static final int FALLBACKS = 4;

    /**
     * A job that had state has no intact checkpoint left to restore. It fails rather than start from empty
     * state (unless {@code execution.state-recovery.allow-empty-state} is set).
     */
    public static final class NoIntactCheckpointException extends IOException {
        public NoIntactCheckpointException(String message) {
            super(message + "; the job fails rather than start from empty state (set "
                    + io.ebbflow.core.config.options.CheckpointingOptions.ALLOW_EMPTY_STATE.key()
                    + ": true to start it empty)");
        }
    }

    /**
     * What a deployment restores.
     *
     * @param checkpoint the newest readable candidate, or null if there were none
     * @param unreadable the newer candidates that could not be read, with why
     */
    public record ForDeployment(CompletedCheckpoint checkpoint, Map<Long, String> unreadable) {
    }

    /**
     * The newest of {@code newestFirst} whose metadata can still be read.
     *
     * @param lost what restoring nothing would lose (checkpoints found corrupt earlier, by id with why), or null if
     *        the job has no state yet (then it may start from the beginning)
     * @throws IllegalStateException if the job had state and none of it can be read: the job must not start empty
     */
    public static ForDeployment firstReadable(List<CompletedCheckpoint> newestFirst, Storage storage,
            Map<Long, String> lost) {
        Map<Long, String> unreadable = new LinkedHashMap<>();
        for (CompletedCheckpoint c : newestFirst) {
            try {
                storage.read(c.directory());
                return new ForDeployment(c, unreadable);
            } catch (IOException e) {
                unreadable.put(c.checkpointId(), e.getMessage());
            }
        }
        if (!newestFirst.isEmpty() || lost != null) {
            Map<Long, String> all = new LinkedHashMap<>(unreadable);
            if (lost != null) {
                all.putAll(lost);
            }
            throw new IllegalStateException(new NoIntactCheckpointException("no intact checkpoint of the job is left "
                    + "to restore: " + all).getMessage());
        }
        return new ForDeployment(null, unreadable);
    }
}
