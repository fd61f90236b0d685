package io.ebbflow.runtime.task;

import io.ebbflow.api.functions.CheckpointListener;
import io.ebbflow.api.functions.CheckpointedFunction;
import io.ebbflow.api.state.OperatorStateStore;
import io.ebbflow.runtime.checkpoint.CheckpointBarrier;
import io.ebbflow.runtime.checkpoint.CheckpointStorage;
import io.ebbflow.runtime.checkpoint.KeyedStateSnapshot;
import io.ebbflow.core.checkpoint.OperatorSnapshot;
import io.ebbflow.runtime.checkpoint.OperatorStates;
import io.ebbflow.runtime.checkpoint.StateFiles;
import io.ebbflow.core.checkpoint.SubtaskCheckpointMetrics;
import io.ebbflow.core.checkpoint.SubtaskSnapshot;
import io.ebbflow.runtime.checkpoint.TaskRestore;
import io.ebbflow.runtime.operators.KeyedTimers;
import io.ebbflow.runtime.operators.StreamOperator;
import io.ebbflow.runtime.state.HeapKeyedStateBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subtask's state in and out of checkpoints: before its operators open, it restores their keyed state,
 * timers, operator state and the job accumulators from the checkpoint the subtask starts from; at a
 * barrier, it takes the subtask's part of the checkpoint (or declines one a newer barrier overtook); when
 * a checkpoint completes, it tells the operators that commit then. The accumulators travel in the
 * operator state of the chain's first operator. Used by its subtask's thread; the keyed state is
 * serialized and the state file written on the snapshot executor, from copy-on-write views.
 */
final class Snapshotter {

    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);
    private static final String ACCUMULATORS = "__accumulators";

    private final TaskSpec spec;
    private final ClassLoader classLoader;
    private final TaskServices services;
    private final List<StreamOperator<Object, Object>> operators;
    private final List<TaskOperatorContext> contexts;
    private final TaskAccumulators accumulators;
    private final OutputFlusher outputs;
    private final List<OperatorStates> operatorStates = new ArrayList<>();
    private final BooleanSupplier cancelled;

    /**
     * @param operators the operator at each chain index, null for a source
     * @param contexts the context of the operator at each chain index
     * @param outputs where the barrier goes once the state is taken
     * @param cancelled whether the subtask is cancelled (a snapshot being written then stops)
     */
    Snapshotter(TaskSpec spec, ClassLoader classLoader, TaskServices services, List<StreamOperator<Object, Object>> operators,
            List<TaskOperatorContext> contexts, TaskAccumulators accumulators, OutputFlusher outputs,
            BooleanSupplier cancelled) {
        this.cancelled = cancelled;
        this.spec = spec;
        this.classLoader = classLoader;
        this.services = services;
        this.operators = operators;
        this.contexts = contexts;
        this.accumulators = accumulators;
        this.outputs = outputs;
    }

    /** The operator state of the operator at chain index {@code k}; there once {@link #restore()} ran. */
    OperatorStates operatorStates(int k) {
        return operatorStates.get(k);
    }

    /** Before the operators open: keyed state, timers, operator state and accumulators from the checkpoint. */
    void restore() throws Exception {
        TaskRestore restore = spec.restore();
        for (int k = 0; k < spec.chain().size(); k++) {
            String opId = spec.chain().get(k).operatorId();
            TaskRestore.OperatorRestore r = restore == null ? null : restore.operators().get(opId);
            OperatorStates states = new OperatorStates(classLoader, restore == null ? null
                    : r == null ? Map.of() : r.listStates());
            operatorStates.add(states);
            StreamOperator<Object, Object> op = operators.get(k);
            if (r != null && !r.keyGroups().isEmpty()) {
                restoreKeyGroups(k, r, op);
            }
            CheckpointedFunction f = op == null ? null : op.checkpointedFunction();
            if (f != null) {
                f.initializeState(new CheckpointedFunction.InitializationContext() {
                    @Override
                    public boolean isRestored() {
                        return states.isRestored();
                    }

                    @Override
                    public java.util.OptionalLong getRestoredCheckpointId() {
                        return restore == null ? java.util.OptionalLong.empty()
                                : java.util.OptionalLong.of(restore.checkpointId());
                    }

                    @Override
                    public String getDeploymentId() {
                        return spec.deploymentId();
                    }

                    @Override
                    public OperatorStateStore getOperatorStateStore() {
                        return states;
                    }
                });
            }
        }
        if (restore != null) {
            accumulators.restoreFrom(operatorStates.get(0).list(ACCUMULATORS));
            LOG.info("Subtask {} ({}/{}) restored checkpoint {}: {} key groups", spec.taskName(), spec.subtaskIndex() + 1,
                    spec.parallelism(), restore.checkpointId(),
                    restore.operators().values().stream().mapToInt(o -> o.keyGroups().size()).sum());
        }
    }

    private void restoreKeyGroups(int k, TaskRestore.OperatorRestore r, StreamOperator<Object, Object> op) throws Exception {
        HeapKeyedStateBackend backend = contexts.get(k).keyedStateBackend();
        if (backend == null) {
            throw new IllegalStateException("the checkpoint has keyed state for operator " + spec.chain().get(k).operatorId()
                    + " (" + spec.chain().get(k).name() + "), which is not keyed in this job");
        }
        for (TaskRestore.KeyGroupRead read : r.keyGroups()) {
            StateFiles.readKeyGroup(read, classLoader, backend, (timer, eventTime) -> {
                if (op instanceof KeyedTimers kt) {
                    kt.restoreTimer(timer, eventTime);
                }
            });
        }
    }

    /**
     * Takes this subtask's part of a checkpoint at a barrier. The synchronous part, while the subtask
     * processes nothing: operator hooks, operator state, and per keyed operator a copy-on-write view of
     * its state tables (O(tables × key groups), no entry visited) and a copy of its timers grouped by key
     * group. Then the barrier goes downstream, and the snapshot writer serializes the views key group by
     * key group into the state file and acknowledges (the asynchronous part), while records keep flowing;
     * the tables copy what the subtask changes meanwhile. A source's splits are in its operator state
     * already ({@link SourceDriver#checkpoint}).
     */
    void snapshot(CheckpointBarrier barrier) throws Exception {
        long id = barrier.id();
        long syncStart = System.nanoTime();
        List<KeyedStateSnapshot> keyed = new ArrayList<>();
        Map<String, OperatorSnapshot> opState = new LinkedHashMap<>();
        try {
            for (int k = 0; k < spec.chain().size(); k++) {
                String opId = spec.chain().get(k).operatorId();
                StreamOperator<Object, Object> op = operators.get(k);
                OperatorStates states = operatorStates.get(k);
                CheckpointedFunction f = op == null ? null : op.checkpointedFunction();
                if (f != null) {
                    f.snapshotState(id);
                }
                if (k == 0) {
                    accumulators.snapshotInto(states.list(ACCUMULATORS));
                }
                if (!states.isEmpty()) {
                    opState.put(opId, states.snapshot(opId));
                }
                HeapKeyedStateBackend backend = contexts.get(k).createdBackend();
                if (backend != null) {
                    keyed.add(StateFiles.snapshot(opId, backend, op == null ? null : op.timers()));
                }
            }
        } catch (Throwable t) {
            keyed.forEach(KeyedStateSnapshot::release);
            throw t;
        }
        long syncNanos = System.nanoTime() - syncStart;
        outputs.broadcastBarrier(barrier);
        try {
            services.snapshotIo().execute(() -> write(barrier, keyed, opState, syncNanos));
        } catch (RuntimeException e) {
            keyed.forEach(KeyedStateSnapshot::release);
            services.checkpoints().decline(spec, id, "the snapshot writer of " + spec.taskName() + " ("
                    + (spec.subtaskIndex() + 1) + "/" + spec.parallelism() + ") does not take work: " + e);
        }
    }

    /**
     * On the snapshot writer: serializes and writes the state file, then acknowledges with the durations of
     * both parts; declines if that failed or the subtask was cancelled meanwhile (no half-written file is
     * left). Releases the views in every case, so the tables stop copying.
     */
    private void write(CheckpointBarrier barrier, List<KeyedStateSnapshot> keyed, Map<String, OperatorSnapshot> opState,
            long syncNanos) {
        long id = barrier.id();
        long asyncStart = System.nanoTime();
        try {
            String fileName = null;
            long size = 0;
            List<OperatorSnapshot> ops;
            if (!keyed.isEmpty()) {
                fileName = CheckpointStorage.stateFileName(spec.vertexId(), spec.subtaskIndex());
                // On disk the file is written in place; for S3 to a scratch file, then uploaded.
                Path file = CheckpointStorage.stateFileTarget(barrier.directory(), fileName);
                try {
                    ops = StateFiles.write(file, keyed, opState, classLoader, cancelled);
                    size = Files.size(file);
                    CheckpointStorage.storeStateFile(file, barrier.directory(), fileName);
                } finally {
                    if (CheckpointStorage.isObjectStorage(barrier.directory())) {
                        Files.deleteIfExists(file);
                    }
                }
            } else {
                ops = new ArrayList<>(opState.values());
            }
            keyed.forEach(KeyedStateSnapshot::release);
            SubtaskCheckpointMetrics metrics = new SubtaskCheckpointMetrics(syncNanos / 1000,
                    (System.nanoTime() - asyncStart) / 1000);
            services.checkpoints().acknowledge(spec, id, new SubtaskSnapshot(spec.vertexId(), spec.subtaskIndex(),
                    spec.parallelism(), fileName, size, ops), metrics);
        } catch (Throwable t) {
            keyed.forEach(KeyedStateSnapshot::release);
            if (cancelled.getAsBoolean()) {
                LOG.info("Subtask {} ({}/{}) stopped writing its state for checkpoint {}: it is cancelled", spec.taskName(),
                        spec.subtaskIndex() + 1, spec.parallelism(), id);
            } else {
                LOG.warn("Subtask {} ({}/{}) could not write its state for checkpoint {}", spec.taskName(),
                        spec.subtaskIndex() + 1, spec.parallelism(), id, t);
            }
            services.checkpoints().decline(spec, id, "writing the state of " + spec.taskName() + " ("
                    + (spec.subtaskIndex() + 1) + "/" + spec.parallelism() + ") failed: " + t);
        }
    }

    /** Checkpoint {@code checkpointId} will not be taken here: a barrier of the newer {@code newerId} overtook it. */
    void abandon(long checkpointId, long newerId) {
        LOG.info("Subtask {} ({}/{}) abandons checkpoint {} for the newer {}", spec.taskName(), spec.subtaskIndex() + 1,
                spec.parallelism(), checkpointId, newerId);
        services.checkpoints().decline(spec, checkpointId, "superseded by checkpoint " + newerId);
    }

    /** Checkpoint {@code id} completed: operators that commit on completion (two-phase commit sinks) do so now. */
    void checkpointComplete(long id) {
        for (StreamOperator<Object, Object> op : operators) {
            if (op != null && op.userFunction() instanceof CheckpointListener l) {
                try {
                    l.notifyCheckpointComplete(id);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new OperatorChain.ChainException(e);
                }
            }
        }
    }
}
