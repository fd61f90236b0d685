package io.ebbflow.runtime.task;

import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.runtime.checkpoint.CheckpointBarrier;
import io.ebbflow.runtime.graph.ChainedOperator;
import io.ebbflow.runtime.network.BufferPool;
import io.ebbflow.runtime.network.InputChannel;
import io.ebbflow.runtime.network.InputGate;
import io.ebbflow.runtime.network.LocalInputChannel;
import io.ebbflow.runtime.network.RemoteInputChannel;
import io.ebbflow.runtime.network.ResultPartition;
import io.ebbflow.runtime.operators.Operators;
import io.ebbflow.runtime.operators.Output;
import io.ebbflow.runtime.operators.ProcessingTimeService;
import io.ebbflow.runtime.operators.StreamOperator;
import io.ebbflow.runtime.state.HeapStates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask: its operator chain on a thread of its own (never a Vert.x event loop). Input buffers,
 * timers and control actions are processed one at a time by this thread, so user functions are never
 * called concurrently; timers and other actions arrive through the mailbox. A source subtask drives its
 * source reader instead of reading an input gate.
 *
 * <p>Life cycle: outputs registered, inputs subscribed, operators opened, RUNNING; then either the input
 * ends (FINISHED: a final watermark, end of input, operators closed, outputs ended), or the subtask is
 * cancelled (CANCELED) or something throws (FAILED with the cause).
 *
 * <p>This class owns the life cycle, the mailbox and the wiring; the work is done by one class per job:
 * {@link SourceDriver} or {@link InputDriver} runs the subtask's loop (the latter with a
 * {@link BarrierAligner} and a {@link WatermarkValve}), {@link Snapshotter} takes and restores its
 * state, {@link OutputFlusher} hands over its output buffers, and each operator sees a
 * {@link TaskOperatorContext}.
 */
public final class StreamTask implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamTask.class);
    /** The longest the subtask's thread waits before it looks at its mailbox and outputs again. */
    static final long MAX_WAIT_NANOS = 100_000_000L;

    /** Told of the subtask's state changes (from the subtask's thread). */
    public interface Listener {
        void running(StreamTask task);

        void finished(StreamTask task);

        void canceled(StreamTask task);

        void failed(StreamTask task, Throwable cause);
    }

    private final TaskSpec spec;
    private final ClassLoader classLoader;
    private final TaskServices services;
    private final Listener listener;
    private final TaskMetrics metrics = new TaskMetrics();
    private final TaskAccumulators accumulators = new TaskAccumulators();
    private final TaskMailbox mailbox = new TaskMailbox();
    private final List<RecordWriter> writers = new ArrayList<>();
    /** Read by metrics reporters too. */
    private final List<BufferPool> pools = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean cancelled;
    private volatile boolean running;
    private volatile Thread thread;
    private InputGate gate;
    private OperatorChain chain;
    private Snapshotter snapshotter;
    /** What runs the subtask's loop: a source's reader, or else the input gate. */
    private SourceDriver source;
    private InputDriver input;

    public StreamTask(TaskSpec spec, ClassLoader classLoader, TaskServices services, Listener listener) {
        this.spec = spec;
        this.classLoader = classLoader;
        this.services = services;
        this.listener = listener;
    }

    public TaskSpec spec() {
        return spec;
    }

    public TaskMetrics metrics() {
        return metrics;
    }

    /** Output buffers taken from this subtask's pools (queued, in flight or being filled). */
    public int outputBuffersInUse() {
        return pools.stream().mapToInt(BufferPool::buffersInUse).sum();
    }

    /** The most output buffers this subtask may hold. */
    public int outputBufferCapacity() {
        return pools.stream().mapToInt(BufferPool::maxBuffers).sum();
    }

    /** The result partitions this subtask produces. */
    public List<String> outputPartitionIds() {
        return writers.stream().map(w -> w.partition().id()).toList();
    }

    public void start() {
        Thread t = new Thread(this, spec.taskName() + " (" + (spec.subtaskIndex() + 1) + "/" + spec.parallelism() + ")");
        t.setContextClassLoader(classLoader);
        thread = t;
        t.start();
    }

    /** Stops the subtask promptly: it leaves its loop at the next record boundary. */
    public void cancel() {
        cancelled = true;
        wakeUp();
        pools.forEach(BufferPool::destroy);
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    public boolean isAlive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Waits for the subtask's thread to end. */
    public boolean join(long millis) throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join(millis);
            return !t.isAlive();
        }
        return true;
    }

    /**
     * Starts checkpoint {@code barrier} at this source subtask: between two records it snapshots its
     * state, then sends the barrier downstream. A subtask that is not running declines.
     */
    public void triggerCheckpoint(CheckpointBarrier barrier) {
        triggerCheckpoint(barrier, false);
    }

    /**
     * As {@link #triggerCheckpoint(CheckpointBarrier)}; with {@code pause} the source reads nothing more
     * after the barrier until the checkpoint is complete or aborted (a rescale checkpoint: the job is
     * restarted right after it, and whatever the sources read after the barrier would be read again).
     */
    public void triggerCheckpoint(CheckpointBarrier barrier, boolean pause) {
        if (!running || !spec.inputs().isEmpty()) {
            services.checkpoints().decline(spec, barrier.id(), spec.taskName() + " (" + (spec.subtaskIndex() + 1) + "/"
                    + spec.parallelism() + ") is " + (running ? "not a source" : "not running"));
            return;
        }
        mail(() -> {
            if (running) {
                try {
                    source.checkpoint(barrier, pause);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new OperatorChain.ChainException(e);
                }
            } else {
                services.checkpoints().decline(spec, barrier.id(), "the subtask has finished");
            }
        });
    }

    /** Checkpoint {@code id} completed: operators that commit on completion (two-phase commit sinks) do so now. */
    public void notifyCheckpointComplete(long id) {
        mail(() -> {
            if (source != null) {
                source.checkpointComplete(id);
            }
            snapshotter.checkpointComplete(id);
        });
    }

    /**
     * Splits found while the job runs ({@code serialized}: a {@code List} of splits serialized with the job's class
     * loader), for this source subtask's reader: read on the subtask's thread and added to the reader, except those
     * it has already (a split sent twice is read once).
     *
     * @throws IllegalStateException if this subtask is not a source
     */
    public void addSplits(byte[] serialized) {
        if (!spec.inputs().isEmpty()) {
            throw new IllegalStateException(spec.taskName() + " (" + (spec.subtaskIndex() + 1) + "/" + spec.parallelism()
                    + ") is not a source");
        }
        mail(() -> {
            @SuppressWarnings("unchecked")
            List<io.ebbflow.api.connector.SourceSplit> splits = (List<io.ebbflow.api.connector.SourceSplit>)
                    io.ebbflow.runtime.serialization.UserCodeSerializer.deserialize(serialized, classLoader);
            source.addSplits(splits);
        });
    }

    /** Checkpoint {@code id} was aborted: a source paused at its barrier reads again. */
    public void notifyCheckpointAborted(long id) {
        mail(() -> {
            if (source != null) {
                source.resumeAfter(id);
            }
        });
    }

    /**
     * Source subtasks: how many records this subtask read after each checkpoint a restart could resume from
     * (checkpoint id, 0 for the job's beginning, to records), so the JobMaster can tell how many a restart
     * reads again. Empty for other subtasks. Call from the task's listener, once the subtask has ended.
     */
    public Map<Long, Long> readAfterCheckpoints() {
        return source != null ? source.readAfterCheckpoints() : new LinkedHashMap<>();
    }

    /** This subtask's job accumulators (name to its share), read by the metrics reporter. */
    public Map<String, Long> accumulators() {
        return accumulators.values();
    }

    /** Runs {@code action} on the subtask's thread, between records. */
    public void mail(Runnable action) {
        mail(action, TaskMailbox.CONTROL);
    }

    /** As {@link #mail(Runnable)}, for the operator at chain index {@code priority} (see {@link TaskMailbox}). */
    void mail(Runnable action, int priority) {
        mailbox.put(action, priority);
        wakeUp();
    }

    /** Wakes the subtask's thread if it waits (for input, or in a source's wait): it looks at its mailbox and input. */
    void wakeUp() {
        InputGate g = gate;
        if (g != null) {
            g.wakeUp();
        }
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void run() {
        try {
            setUp();
            snapshotter.restore();
            listener.running(this);
            chain.open();
            running = true;
            if (source != null) {
                source.run();
            } else {
                input.run();
            }
            if (cancelled) {
                throw new CancelledException();
            }
            running = false;
            finish();
            listener.finished(this);
        } catch (Throwable t) {
            running = false;
            releaseQuietly();
            if (cancelled && source != null) {
                source.logCancelled();
            }
            if (cancelled) {
                listener.canceled(this);
            } else {
                LOG.warn("Subtask {} ({}/{}) failed", spec.taskName(), spec.subtaskIndex() + 1, spec.parallelism(), t);
                listener.failed(this, unwrap(t));
            }
        }
    }

    /** The user's own exception, without the wrappers that carried it through the chain. */
    private static Throwable unwrap(Throwable t) {
        while ((t instanceof OperatorChain.ChainException
                || t instanceof HeapStates.UserFunctionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    // ------------------------------------------------------------------ set-up and end

    private void setUp() {
        for (int i = 0; i < spec.outputs().size(); i++) {
            TaskSpec.OutputSpec out = spec.outputs().get(i);
            BufferPool pool = new BufferPool(services.bufferSize(),
                    out.numSubpartitions() * services.buffersPerOutputChannel() + services.floatingBuffers());
            pools.add(pool);
            ResultPartition partition = new ResultPartition(spec.jobId(), out.partitionId(), out.numSubpartitions(),
                    pool);
            ChannelSelector selector = switch (out.partitioning()) {
                case FORWARD -> ChannelSelector.single();
                case BROADCAST -> ChannelSelector.broadcast();
                case REBALANCE -> ChannelSelector.roundRobin(out.numSubpartitions(), spec.subtaskIndex());
                case HASH -> ChannelSelector.byKey(out.keySelector(), out.consumerMaxParallelism(), out.numSubpartitions());
                case SHUFFLE -> ChannelSelector.shuffle(out.numSubpartitions(), spec.subtaskIndex());
                case RESCALE -> ChannelSelector.rescale(out.numSubpartitions(), spec.subtaskIndex(), spec.parallelism());
                case GLOBAL -> ChannelSelector.global();
            };
            writers.add(new RecordWriter(partition, selector, classLoader, metrics));
            services.network().registerPartition(partition);
        }
        OutputFlusher flusher = new OutputFlusher(writers, spec.bufferTimeoutMillis());
        List<StreamOperator<Object, Object>> operators = new ArrayList<>();
        List<TaskOperatorContext> contexts = new ArrayList<>(); // by chain index, as the operators
        for (int k = 0; k < spec.chain().size(); k++) {
            ChainedOperator op = spec.chain().get(k);
            int priority = k;
            ProcessingTimeService processingTime = TaskOperatorContext.processingTime(services.timers(),
                    action -> mail(action, priority));
            operators.add(op.spec() instanceof OperatorSpec.SourceOp ? null : Operators.create(op));
            contexts.add(new TaskOperatorContext(spec, op, services.publisher(), processingTime, accumulators,
                    new OperatorMailbox(this, priority, flusher)));
        }
        chain = new OperatorChain(spec.chain(), operators, contexts::get, new OperatorChain.NetworkOutputs() {
            @Override
            public Output<Object> output(int chainIndex, String sideOutput) {
                return networkOutput(chainIndex, sideOutput);
            }

            @Override
            public java.util.Set<String> sideOutputs(int chainIndex) {
                return networkSideOutputs(chainIndex);
            }
        });
        snapshotter = new Snapshotter(spec, classLoader, services, operators, contexts, accumulators, flusher,
                () -> cancelled);
        if (spec.inputs().isEmpty()) {
            SourceDriver driver = new SourceDriver(this, services, flusher, snapshotter, contexts.get(0), chain.head());
            source = driver;
            metrics.waits(driver::idleNanos, this::backPressuredNanos);
            pools.forEach(p -> p.whileWaiting(driver::reportWhileBackPressured));
            return;
        }
        List<InputChannel> channels = new ArrayList<>();
        for (int i = 0; i < spec.inputs().size(); i++) {
            TaskSpec.InputSpec in = spec.inputs().get(i);
            channels.add(in.local()
                    ? new LocalInputChannel(i, classLoader, services.network(), in.partitionId(), in.subpartition())
                    : new RemoteInputChannel(i, classLoader, services.network(), spec.jobId(), in.host(), in.port(), in.partitionId(),
                            in.subpartition(), services.creditsPerChannel()));
        }
        gate = new InputGate(channels);
        gate.start();
        metrics.waits(gate::idleNanos, this::backPressuredNanos);
        input = new InputDriver(this, gate, flusher, snapshotter, chain.head());
    }

    /**
     * The record writers of the network outputs that leave from the operator at a chain index and carry its
     * side output {@code sideOutput} (null: its main output), or null if none does.
     */
    private Output<Object> networkOutput(int chainIndex, String sideOutput) {
        List<RecordWriter> from = new ArrayList<>();
        for (int i = 0; i < spec.outputs().size(); i++) {
            TaskSpec.OutputSpec out = spec.outputs().get(i);
            if (out.sourceOperator() == chainIndex && java.util.Objects.equals(out.sideOutput(), sideOutput)) {
                from.add(writers.get(i));
            }
        }
        return from.isEmpty() ? null : new WriterOutput(from.toArray(new RecordWriter[0]), metrics);
    }

    /** The side outputs read over the network from the operator at a chain index. */
    private java.util.Set<String> networkSideOutputs(int chainIndex) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (TaskSpec.OutputSpec out : spec.outputs()) {
            if (out.sourceOperator() == chainIndex && out.sideOutput() != null) {
                ids.add(out.sideOutput());
            }
        }
        return ids;
    }

    private void finish() throws Exception {
        if (input != null) {
            input.endOfInput();
        }
        drainMailbox();
        chain.endInput();
        chain.close();
        for (RecordWriter w : writers) {
            w.finish();
        }
        if (gate != null) {
            gate.release();
        }
        metrics.publish();
    }

    private void releaseQuietly() {
        try {
            if (chain != null) {
                chain.close();
            }
        } catch (Throwable ignored) {
            // the subtask failed already; closing is best effort
        }
        if (gate != null) {
            gate.release();
        }
        for (RecordWriter w : writers) {
            services.network().releasePartition(w.partition().id());
        }
    }

    // ------------------------------------------------------------------ for the drivers, on the subtask's thread

    boolean isCancelled() {
        return cancelled;
    }

    /** Runs the actions waiting in the mailbox. */
    void drainMailbox() {
        mailbox.runAll();
    }

    /** Runs the oldest action of priority at least {@code minPriority}, if any (see {@link TaskMailbox}). */
    boolean tryRunMail(int minPriority) {
        return mailbox.tryRunOne(minPriority);
    }

    boolean mailboxEmpty() {
        return mailbox.isEmpty();
    }

    /**
     * The subtask's input became idle (every source split, or every input channel, is idle) or active again: every
     * network output tells its channels, so the consumers' watermarks stop (or start again) waiting for this one.
     */
    void emitWatermarkStatus(boolean idle) {
        try {
            for (RecordWriter w : writers) {
                w.broadcastStatus(idle);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    /** Time this subtask's outputs spent waiting for a free buffer, a wait under way included (any thread). */
    long backPressuredNanos() {
        long n = 0;
        for (BufferPool p : pools) {
            n += p.backPressuredNanos();
        }
        return n;
    }

    /** Thrown to leave the loops when cancelled. */
    static final class CancelledException extends RuntimeException {
        CancelledException() {
            super("cancelled", null, false, false);
        }
    }

    /**
     * A job accumulator's value in a checkpoint. Nested here because its binary name is written into
     * checkpoints with the value (Kryo), so moving it would make older checkpoints unreadable.
     */
    record AccumulatorValue(String name, long value) implements java.io.Serializable {
    }
}
