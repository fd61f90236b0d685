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

    public ExactlyOnceFileSink(String directory) {
        this.directory = directory;
    }

    @Override
    public void initializeState(InitializationContext context) throws Exception {
        pending = new ArrayList<>();
        state = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("pending-files", Pending.class));
        if (context.isRestored()) {
            // Files pending in a completed checkpoint: that checkpoint completed, so they are committed now.
            for (Pending p : state.get()) {
                commit(p);
            }
            state.clear();
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
            currentName = getRuntimeContext().getIndexOfThisSubtask() + "-" + UUID.randomUUID();
            current = Path.of(directory, ".part-" + currentName + ".inprogress");
            writer = Files.newBufferedWriter(current, StandardCharsets.UTF_8);
        }
        writer.write(String.valueOf(value));
        writer.newLine();
    }

    @Override
    public void snapshotState(long checkpointId) throws Exception {
        if (writer != null) {
            writer.close();
            writer = null;
            pending.add(new Pending(checkpointId, current.toString(), Path.of(directory, "part-" + currentName + ".txt")
                    .toString()));
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
            commit(new Pending(Long.MAX_VALUE, current.toString(), Path.of(directory, "part-" + currentName + ".txt").toString()));
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
