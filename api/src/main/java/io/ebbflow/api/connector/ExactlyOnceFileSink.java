package io.ebbflow.api.connector;

import io.ebbflow.api.functions.CheckpointListener;
import io.ebbflow.api.functions.CheckpointedFunction;
import io.ebbflow.api.functions.RichSinkFunction;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.state.ListState;
import io.ebbflow.api.state.ListStateDescriptor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * Writes each record's {@code toString()} as a line, exactly once across failures and rescales (a
 * two-phase commit with the job's checkpoints). Records go to a hidden in-progress file
 * ({@code .part-<id>.inprogress}); at a checkpoint barrier the file is closed and becomes pending, and
 * the pending files are committed (renamed to {@code part-<id>.txt}) when that checkpoint completes.
 * Pending files are part of the checkpoint, so a job restored from it commits them too (a rename is
 * idempotent). Records after the last completed checkpoint are only ever in in-progress files, which
 * readers ignore and which a restarted job never commits; their records are replayed instead. A bounded
 * job's last file is committed when its input ends.
 *
 * <p>A committed file is named {@code part-<checkpoint id>-<subtask>-<deployment>-<n>.txt}, {@code <deployment>} naming
 * the deployment of the job that wrote it (a random id where the runtime names none). A subtask whose input ended
 * commits its last file at once as {@code part-<n+1>-end-<subtask>-<deployment>-<n>.txt}, {@code n} being the last checkpoint
 * it took part in: its records come after checkpoint {@code n} and before any checkpoint the subtask no longer
 * takes part in (a finished subtask is not asked), so they are written again exactly when the job restores
 * checkpoint {@code n} or an older one. If the job is restored from a checkpoint older than files already committed (the
 * newest checkpoint was corrupt and an older retained one was used), those files hold records the restored
 * job writes again: they are moved aside into {@code .rolled-back/} (kept, never deleted, and ignored by
 * readers like the in-progress files), and a warning names them, so the directory holds every record once. Files of
 * the restoring deployment itself are never moved: a sibling subtask may have finished, and committed its last file,
 * before this one was initialized.
 *
 * <p>Requires checkpointing: without it nothing is committed before the input ends.
 */
public class ExactlyOnceFileSink<T> extends RichSinkFunction<T> implements CheckpointedFunction, CheckpointListener {

    /** A closed file waiting for its checkpoint to complete. */
    public record Pending(long checkpointId, String inProgress, String committed) implements Serializable {
    }

    private final String directory;
    private transient BufferedWriter writer;
    private transient Path current;
    private transient String currentName;
    private transient List<Pending> pending;
    private transient ListState<Pending> state;
    /** The newest checkpoint this subtask took part in (or restored), 0 if none. */
    private transient long lastCheckpoint;
    /** Names this deployment in the files it writes: {@code -<deployment>-}. */
    private transient String deployment;
    private transient int files;

    public ExactlyOnceFileSink(String directory) {
        this.directory = directory;
    }

    @Override
    public void initializeState(InitializationContext context) throws Exception {
        pending = new ArrayList<>();
        deployment = context.getDeploymentId().isEmpty() ? UUID.randomUUID().toString()
                : context.getDeploymentId().replaceAll("[^A-Za-z0-9._]", "_");
        state = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("pending-files", Pending.class));
        if (context.isRestored()) {
            // Files pending in a completed checkpoint: that checkpoint completed, so they are committed now.
            for (Pending p : state.get()) {
                commit(p);
            }
            state.clear();
            if (context.getRestoredCheckpointId().isPresent()) {
                lastCheckpoint = context.getRestoredCheckpointId().getAsLong();
                rollBackAfter(context.getRestoredCheckpointId().getAsLong());
            }
        }
    }

    /**
     * Moves files committed for checkpoints after {@code restored} (and final files) by other deployments into
     * {@code .rolled-back/}.
     */
    private void rollBackAfter(long restored) throws IOException {
        Path dir = Path.of(directory);
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> later = new ArrayList<>();
        String ours = "-" + deployment + "-";
        try (var list = Files.list(dir)) {
            list.filter(f -> {
                String name = f.getFileName().toString();
                return committedAfter(name, restored) && !name.contains(ours);
            }).forEach(later::add);
        }
        if (later.isEmpty()) {
            return;
        }
        Path aside = dir.resolve(".rolled-back");
        Files.createDirectories(aside);
        for (Path f : later) {
            try {
                Files.move(f, aside.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.NoSuchFileException e) {
                // Another subtask of the restored job moved it first.
            }
        }
        System.getLogger(ExactlyOnceFileSink.class.getName()).log(System.Logger.Level.WARNING,
                "Restored checkpoint " + restored + " is older than files already committed to " + dir + "; "
                        + later.size() + " of them, whose records are written again, moved to " + aside + ": " + later);
    }

    /**
     * Whether {@code name} is a committed file of a checkpoint after {@code restored} (or a final file of a subtask
     * that finished after it; {@code part-end-...}, the older name of final files, counts as after every checkpoint).
     */
    static boolean committedAfter(String name, long restored) {
        if (!name.startsWith("part-") || !name.endsWith(".txt")) {
            return false;
        }
        String rest = name.substring("part-".length());
        int dash = rest.indexOf('-');
        if (dash < 0) {
            return false;
        }
        String id = rest.substring(0, dash);
        if (id.equals("end")) {
            return true;
        }
        try {
            return Long.parseLong(id) > restored;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public void open(RuntimeContext context) throws Exception {
        super.open(context);
        Files.createDirectories(Path.of(directory));
    }

    @Override
    public void invoke(T value) throws IOException {
        if (writer == null) {
            currentName = getRuntimeContext().getIndexOfThisSubtask() + "-" + deployment + "-" + (files++);
            current = Path.of(directory, ".part-" + currentName + ".inprogress");
            writer = Files.newBufferedWriter(current, StandardCharsets.UTF_8);
        }
        writer.write(String.valueOf(value));
        writer.newLine();
    }

    @Override
    public void snapshotState(long checkpointId) throws Exception {
        lastCheckpoint = Math.max(lastCheckpoint, checkpointId);
        if (writer != null) {
            writer.close();
            writer = null;
            pending.add(new Pending(checkpointId, current.toString(), Path.of(directory, "part-" + checkpointId + "-"
                    + currentName + ".txt").toString()));
        }
        state.update(new ArrayList<>(pending));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        Iterator<Pending> it = pending.iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (p.checkpointId() <= checkpointId) {
                commit(p);
                it.remove();
            }
        }
    }

    @Override
    public void finish() throws Exception {
        if (writer != null) {
            writer.close();
            writer = null;
            // Not "after every checkpoint": a checkpoint taken once this subtask has finished does not replay it.
            commit(new Pending(Long.MAX_VALUE, current.toString(), Path.of(directory, "part-" + (lastCheckpoint + 1)
                    + "-end-" + currentName + ".txt").toString()));
        }
        for (Pending p : pending) {
            commit(p);
        }
        pending.clear();
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close(); // left in progress: the job is cancelled or failed, these records will be replayed
            writer = null;
        }
    }

    private static void commit(Pending p) throws IOException {
        Path from = Path.of(p.inProgress());
        Path to = Path.of(p.committed());
        if (Files.exists(from)) {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } else if (!Files.exists(to)) {
            throw new IOException("pending file " + from + " of a completed checkpoint is gone and was never committed");
        }
    }
}
