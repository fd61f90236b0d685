package io.ebbflow.runtime.task;

import io.ebbflow.api.connector.InputStatus;
import io.ebbflow.api.connector.ReaderOutput;
import io.ebbflow.api.connector.SourceReader;
import io.ebbflow.api.connector.SourceReaderContext;
import io.ebbflow.api.connector.SourceSplit;
import io.ebbflow.api.eventtime.TimestampAssigner;
import io.ebbflow.api.eventtime.WatermarkGenerator;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.runtime.graph.ChainedOperator;
import io.ebbflow.runtime.network.BufferPool;
import io.ebbflow.runtime.network.InputChannel;
import io.ebbflow.runtime.network.InputGate;
import io.ebbflow.runtime.network.LocalInputChannel;
import io.ebbflow.runtime.network.NetworkBuffer;
import io.ebbflow.runtime.network.RemoteInputChannel;
import io.ebbflow.runtime.network.ResultPartition;
import io.ebbflow.runtime.operators.OperatorContext;
import io.ebbflow.runtime.operators.Operators;
import io.ebbflow.runtime.operators.Output;
import io.ebbflow.runtime.operators.ProcessingTimeService;
import io.ebbflow.runtime.operators.StreamOperator;
import io.ebbflow.runtime.serialization.DataInputBuffer;
import io.ebbflow.runtime.state.HeapKeyedStateBackend;
import io.ebbflow.runtime.state.KeyGroupRange;
import io.ebbflow.api.accumulators.LongCounter;
import io.ebbflow.api.functions.CheckpointListener;
import io.ebbflow.api.functions.CheckpointedFunction;
import io.ebbflow.runtime.checkpoint.CheckpointBarrier;
import io.ebbflow.runtime.checkpoint.CheckpointStorage;
import io.ebbflow.runtime.checkpoint.KeyedStateSnapshot;
import io.ebbflow.runtime.checkpoint.OperatorSnapshot;
import io.ebbflow.runtime.checkpoint.OperatorStates;
import io.ebbflow.runtime.checkpoint.StateFiles;
import io.ebbflow.runtime.checkpoint.SubtaskSnapshot;
import io.ebbflow.runtime.checkpoint.TaskRestore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
 */
public final class StreamTask implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamTask.class);
    private static final long MAX_WAIT_NANOS = 100_000_000L;

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
    private final ConcurrentLinkedQueue<Runnable> mailbox = new ConcurrentLinkedQueue<>();
    private final List<RecordWriter> writers = new ArrayList<>();
    private final List<BufferPool> pools = new ArrayList<>();
    private volatile boolean cancelled;
    private volatile Thread thread;
    private InputGate gate;
    private OperatorChain chain;
    private long lastFlushNanos = System.nanoTime();
    private long sourceIdleNanos;
    private long emittedWatermark = Long.MIN_VALUE;
    private final List<Context> contexts = new ArrayList<>();
    private final List<StreamOperator<Object, Object>> operators = new ArrayList<>();
    private final List<OperatorStates> operatorStates = new ArrayList<>();
    private final Map<String, LongCounter> counters = new LinkedHashMap<>();
    private SourceReader<Object, SourceSplit> sourceReader;
    private volatile boolean running;
    private long pausedAt = -1;
    /**
     * Source subtasks: records read so far, and that count at each checkpoint a restart could resume from:
     * the one this subtask restored (0 when it started empty) and every barrier since the latest completed
     * checkpoint. Task thread only.
     */
    private long recordsRead;
    private int pollsSincePending;
    private final java.util.NavigableMap<Long, Long> readAtCheckpoint = new java.util.TreeMap<>();
    // Barrier alignment (input tasks): the checkpoint being aligned, which channels delivered its barrier
    // (and are blocked), and the rest of the buffer each blocked channel was reading.
    private long aligningId = -1;
    private long lastBarrierId = -1;
    private boolean[] barrierArrived;
    private boolean[] channelFinished;
    private int arrivedCount;
    private int openChannels;
    private byte[][] stash;
    private final ArrayDeque<Integer> resumable = new ArrayDeque<>();
    private final DataInputBuffer in = new DataInputBuffer();

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
                    performCheckpoint(barrier);
                    if (pause) {
                        pausedAt = barrier.id();
                    }
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
            resumeAfter(id);
            if (readAtCheckpoint.containsKey(id)) {
                readAtCheckpoint.headMap(id, false).clear();
            }
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
        });
    }

    /** Checkpoint {@code id} was aborted: a source paused at its barrier reads again. */
    public void notifyCheckpointAborted(long id) {
        mail(() -> resumeAfter(id));
    }

    private void resumeAfter(long id) {
        if (pausedAt >= 0 && pausedAt <= id) {
            pausedAt = -1;
        }
    }

    /**
     * Source subtasks: how many records this subtask read after each checkpoint a restart could resume from
     * (checkpoint id, 0 for the job's beginning, to records), so the JobMaster can tell how many a restart
     * reads again. Empty for other subtasks. Call from the task's listener, once the subtask has ended.
     */
    public Map<Long, Long> readAfterCheckpoints() {
        Map<Long, Long> out = new LinkedHashMap<>();
        readAtCheckpoint.forEach((id, at) -> out.put(id, recordsRead - at));
        return out;
    }

    /** This subtask's job accumulators (name to its share), read by the metrics reporter. */
    public Map<String, Long> accumulators() {
        synchronized (counters) {
            Map<String, Long> out = new LinkedHashMap<>();
            counters.forEach((k, v) -> out.put(k, v.getLocalValue()));
            return out;
        }
    }

    /** Runs {@code action} on the subtask's thread, between records. */
    public void mail(Runnable action) {
        mailbox.add(action);
        wakeUp();
    }

    private void wakeUp() {
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
            restoreState();
            listener.running(this);
            chain.open();
            running = true;
            if (spec.inputs().isEmpty()) {
                runSource();
            } else {
                runInputs();
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
            if (cancelled && sourceReader != null && !readAtCheckpoint.isEmpty()) {
                // What a restart from that checkpoint reads again (0 when the source paused at a rescale's barrier).
                java.util.Map.Entry<Long, Long> last = readAtCheckpoint.lastEntry();
                LOG.info("Source subtask {} ({}/{}) cancelled: {} records read after checkpoint {}", spec.taskName(),
                        spec.subtaskIndex() + 1, spec.parallelism(), recordsRead - last.getValue(), last.getKey());
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
                || t instanceof io.ebbflow.runtime.state.HeapStates.UserFunctionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    // ------------------------------------------------------------------ set-up

    private void setUp() {
        for (int i = 0; i < spec.outputs().size(); i++) {
            TaskSpec.OutputSpec out = spec.outputs().get(i);
            BufferPool pool = new BufferPool(services.bufferSize(),
                    out.numSubpartitions() * services.buffersPerOutputChannel() + services.floatingBuffers());
            pools.add(pool);
            ResultPartition partition = new ResultPartition(out.partitionId(), out.numSubpartitions(), pool);
            ChannelSelector selector = switch (out.partitioning()) {
                case FORWARD -> ChannelSelector.single();
                case BROADCAST -> ChannelSelector.broadcast();
                case REBALANCE -> ChannelSelector.roundRobin(out.numSubpartitions(), spec.subtaskIndex());
                case HASH -> ChannelSelector.byKey(out.keySelector(), out.consumerMaxParallelism(), out.numSubpartitions());
            };
            writers.add(new RecordWriter(partition, selector, classLoader, metrics));
            services.network().registerPartition(partition);
        }
        for (ChainedOperator op : spec.chain()) {
            operators.add(op.spec() instanceof OperatorSpec.SourceOp ? null : Operators.create(op));
            contexts.add(new Context(op));
        }
        chain = new OperatorChain(spec.chain(), operators, contexts::get, this::networkOutput);
        if (!spec.inputs().isEmpty()) {
            List<InputChannel> channels = new ArrayList<>();
            for (int i = 0; i < spec.inputs().size(); i++) {
                TaskSpec.InputSpec in = spec.inputs().get(i);
                channels.add(in.local()
                        ? new LocalInputChannel(i, classLoader, services.network(), in.partitionId(), in.subpartition())
                        : new RemoteInputChannel(i, classLoader, services.network(), in.host(), in.port(), in.partitionId(),
                                in.subpartition(), services.creditsPerChannel()));
            }
            gate = new InputGate(channels);
            gate.start();
        }
    }

    /** The record writers of the network outputs that leave from the operator at a chain index, or null. */
    private Output<Object> networkOutput(int chainIndex) {
        List<RecordWriter> from = new ArrayList<>();
        for (int i = 0; i < spec.outputs().size(); i++) {
            if (spec.outputs().get(i).sourceOperator() == chainIndex) {
                from.add(writers.get(i));
            }
        }
        return from.isEmpty() ? null : new WriterOutput(from.toArray(new RecordWriter[0]));
    }

    /** Network outputs of one operator: each record goes to every one of its record writers. */
    private final class WriterOutput implements Output<Object> {
        private final RecordWriter[] targets;

        WriterOutput(RecordWriter[] targets) {
            this.targets = targets;
        }

        @Override
        public void collect(Object record, long timestamp) {
            metrics.recordOut();
            try {
                for (RecordWriter w : targets) {
                    w.emit(record, timestamp);
                }
            } catch (RuntimeException e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            } catch (Exception e) {
                throw new OperatorChain.ChainException(e);
            }
        }

        @Override
        public void emitWatermark(long watermark) {
            try {
                for (RecordWriter w : targets) {
                    w.broadcastWatermark(watermark);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
        }
    }

    // ------------------------------------------------------------------ input loop

    private long[] watermarks;

    private void runInputs() throws Exception {
        InputChannel[] channels = gate.channels();
        watermarks = new long[channels.length];
        channelFinished = new boolean[channels.length];
        barrierArrived = new boolean[channels.length];
        stash = new byte[channels.length][];
        java.util.Arrays.fill(watermarks, Long.MIN_VALUE);
        openChannels = channels.length;
        while (openChannels > 0 && !cancelled) {
            drainMailbox();
            maybeFlush();
            Integer resume = resumable.poll();
            if (resume != null) {
                // The rest of a buffer read up to a barrier, before anything newer from that channel.
                byte[] rest = stash[resume];
                stash[resume] = null;
                if (rest != null) {
                    processBytes(channels[resume], rest, 0, rest.length);
                }
                continue;
            }
            InputGate.Polled polled = gate.poll(waitNanos());
            if (polled == null) {
                flushIfIdle();
                continue;
            }
            NetworkBuffer buffer = polled.buffer();
            metrics.bytesIn(buffer.size());
            try {
                processBytes(polled.channel(), buffer.data(), 0, buffer.size());
            } finally {
                buffer.recycle();
            }
            metrics.publish(gate.idleNanos(), backPressuredNanos());
        }
    }

    /** Processes the elements of a buffer; stops early (stashing the rest) when its channel blocks at a barrier. */
    private void processBytes(InputChannel channel, byte[] data, int offset, int length) throws Exception {
        int c = channel.index();
        Output<Object> head = chain.head();
        in.reset(data, offset, length);
        while (in.hasRemaining()) {
            byte kind = in.readByte();
            switch (kind) {
                case StreamElements.RECORD -> {
                    Object record = channel.codec().read(in);
                    metrics.recordIn();
                    head.collect(record, Output.NO_TIMESTAMP);
                }
                case StreamElements.RECORD_WITH_TIMESTAMP -> {
                    long ts = in.readLong();
                    Object record = channel.codec().read(in);
                    metrics.recordIn();
                    head.collect(record, ts);
                }
                case StreamElements.WATERMARK -> {
                    watermarks[c] = Math.max(watermarks[c], in.readLong());
                    advanceWatermark(watermarks, channelFinished);
                }
                case StreamElements.BARRIER -> {
                    CheckpointBarrier barrier = new CheckpointBarrier(in.readLong(), in.readLong(), null, false);
                    boolean savepoint = in.readBoolean();
                    barrier = new CheckpointBarrier(barrier.id(), barrier.timestamp(), in.readString(), savepoint);
                    int end = offset + length;
                    int pos = in.position();
                    if (onBarrier(c, barrier)) {
                        if (pos < end) {
                            stash[c] = java.util.Arrays.copyOfRange(data, pos, end);
                        }
                        return;
                    }
                    in.reset(data, pos, end - pos); // a checkpoint may have used the reader
                }
                case StreamElements.END_OF_PARTITION -> {
                    if (!channelFinished[c]) {
                        channelFinished[c] = true;
                        openChannels--;
                        advanceWatermark(watermarks, channelFinished);
                        maybeCompleteAlignment();
                    }
                }
                default -> throw new IllegalStateException("corrupt buffer on input channel " + c
                        + ": unknown element kind " + kind);
            }
        }
    }

    /**
     * A barrier arrived on channel {@code c}. Returns true if the channel is now blocked (waiting for the
     * barrier on the other channels), false if processing goes on (the checkpoint was taken, or the
     * barrier is stale).
     */
    private boolean onBarrier(int c, CheckpointBarrier barrier) throws Exception {
        if (barrier.id() <= lastBarrierId || barrier.id() < aligningId) {
            return false;
        }
        if (barrier.id() > aligningId && aligningId >= 0) {
            LOG.info("Subtask {} ({}/{}) abandons checkpoint {} for the newer {}", spec.taskName(), spec.subtaskIndex() + 1,
                    spec.parallelism(), aligningId, barrier.id());
            services.checkpoints().decline(spec, aligningId, "superseded by checkpoint " + barrier.id());
            releaseAlignment();
        }
        if (aligningId < 0) {
            aligningId = barrier.id();
            pendingBarrier = barrier;
            arrivedCount = 0;
        }
        if (!barrierArrived[c]) {
            barrierArrived[c] = true;
            arrivedCount++;
            gate.block(c);
        }
        return !maybeCompleteAlignment();
    }

    private CheckpointBarrier pendingBarrier;

    /** Takes the checkpoint being aligned once every open channel delivered its barrier; true if it did. */
    private boolean maybeCompleteAlignment() throws Exception {
        if (aligningId < 0 || arrivedCount < openChannels) {
            return false;
        }
        CheckpointBarrier b = pendingBarrier;
        lastBarrierId = b.id();
        performCheckpoint(b);
        releaseAlignment();
        return true;
    }

    /** Unblocks every channel; those with a stashed rest resume before their newer buffers. */
    private void releaseAlignment() {
        for (int i = 0; i < barrierArrived.length; i++) {
            if (barrierArrived[i]) {
                barrierArrived[i] = false;
                if (stash[i] != null) {
                    resumable.add(i);
                }
                gate.unblock(i);
            }
        }
        aligningId = -1;
        pendingBarrier = null;
        arrivedCount = 0;
    }

    /** The subtask's watermark is the smallest of its open channels' watermarks. */
    private void advanceWatermark(long[] watermarks, boolean[] finished) {
        long min = Long.MAX_VALUE;
        boolean anyOpen = false;
        for (int i = 0; i < watermarks.length; i++) {
            if (!finished[i]) {
                anyOpen = true;
                min = Math.min(min, watermarks[i]);
            }
        }
        if (!anyOpen) {
            return;
        }
        if (min > emittedWatermark && min != Long.MIN_VALUE) {
            emittedWatermark = min;
            chain.head().emitWatermark(min);
        }
    }

    // ------------------------------------------------------------------ source loop

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void runSource() throws Exception {
        OperatorSpec.SourceOp op = (OperatorSpec.SourceOp) spec.chain().get(0).spec();
        SourceReader reader = op.source().createReader(new SourceReaderContext() {
            @Override
            public int subtaskIndex() {
                return spec.subtaskIndex();
            }

            @Override
            public int parallelism() {
                return spec.parallelism();
            }

            @Override
            public long currentProcessingTimeMillis() {
                return System.currentTimeMillis();
            }
        });
        List<SourceSplit> splits = new ArrayList<>(spec.splits());
        readAtCheckpoint.put(spec.restore() == null ? 0L : spec.restore().checkpointId(), 0L);
        if (spec.restore() != null) {
            // Restored: the splits, with their positions, that the checkpoint dealt to this subtask.
            splits.clear();
            for (Object o : operatorStates.get(0).list(SPLITS)) {
                splits.add((SourceSplit) o);
            }
            operatorStates.get(0).list(SPLITS).clear();
        }
        sourceReader = reader;
        reader.addSplits((List) splits);
        metrics.pendingRecords(reader.pendingRecords());
        SourceOutput output = new SourceOutput((WatermarkStrategy<Object>) op.watermarks());
        try {
            while (!cancelled) {
                drainMailbox();
                if (pausedAt >= 0) {
                    // Paused after a rescale's checkpoint barrier: nothing more is read, so nothing is replayed.
                    long start = System.nanoTime();
                    if (mailbox.isEmpty()) {
                        LockSupport.parkNanos(this, MAX_WAIT_NANOS);
                    }
                    sourceIdleNanos += System.nanoTime() - start;
                    continue;
                }
                InputStatus status = reader.pollNext(output);
                maybeFlush();
                metrics.publish(sourceIdleNanos, backPressuredNanos());
                if (++pollsSincePending >= 64 || status != InputStatus.MORE_AVAILABLE) {
                    pollsSincePending = 0;
                    metrics.pendingRecords(reader.pendingRecords());
                }
                if (status == InputStatus.END_OF_INPUT) {
                    break;
                }
                if (status == InputStatus.NOTHING_AVAILABLE) {
                    flushAll();
                    long start = System.nanoTime();
                    long wait = Math.min(TimeUnit.MILLISECONDS.toNanos(Math.max(1, reader.waitMillis())), waitNanos());
                    if (mailbox.isEmpty()) {
                        LockSupport.parkNanos(this, wait);
                    }
                    sourceIdleNanos += System.nanoTime() - start;
                }
            }
            output.endOfInput();
        } finally {
            reader.close();
        }
    }

    /** Where a source's reader emits: timestamps assigned, watermarks generated, records into the chain. */
    private final class SourceOutput implements ReaderOutput<Object> {
        private final TimestampAssigner<Object> assigner;
        private final WatermarkGenerator<Object> generator;
        private final Output<Object> head = chain.head();
        private long lastWatermark = Long.MIN_VALUE;

        SourceOutput(WatermarkStrategy<Object> strategy) {
            this.assigner = strategy == null ? null : strategy.getTimestampAssigner();
            this.generator = strategy == null ? null : strategy.createWatermarkGenerator();
            if (generator != null && spec.autoWatermarkIntervalMillis() > 0) {
                schedulePeriodic();
            }
        }

        private void schedulePeriodic() {
            services.timers().schedule(() -> mail(() -> {
                generator.onPeriodicEmit(this::emitWatermark);
                schedulePeriodic();
            }), spec.autoWatermarkIntervalMillis(), TimeUnit.MILLISECONDS);
        }

        private void emitWatermark(long watermark) {
            if (watermark > lastWatermark) {
                lastWatermark = watermark;
                head.emitWatermark(watermark);
            }
        }

        @Override
        public void collect(Object record) {
            collect(record, Output.NO_TIMESTAMP);
        }

        @Override
        public void collect(Object record, long timestamp) {
            long ts = assigner != null ? assigner.extractTimestamp(record, timestamp) : timestamp;
            metrics.recordIn();
            recordsRead++;
            head.collect(record, ts);
            if (generator != null) {
                generator.onEvent(record, ts, this::emitWatermark);
            }
        }

        void endOfInput() {
            emitWatermark(Long.MAX_VALUE);
        }
    }

    // ------------------------------------------------------------------ checkpoints

    private static final String SPLITS = "__splits";
    private static final String ACCUMULATORS = "__accumulators";

    /** A job accumulator's value in a checkpoint. */
    record AccumulatorValue(String name, long value) implements java.io.Serializable {
    }

    /** Before the operators open: keyed state, timers, operator state and accumulators from the checkpoint. */
    private void restoreState() throws Exception {
        TaskRestore restore = spec.restore();
        for (int k = 0; k < spec.chain().size(); k++) {
            String opId = spec.chain().get(k).operatorId();
            TaskRestore.OperatorRestore r = restore == null ? null : restore.operators().get(opId);
            OperatorStates states = new OperatorStates(classLoader, restore == null ? null
                    : r == null ? java.util.Map.of() : r.listStates());
            operatorStates.add(states);
            StreamOperator<Object, Object> op = operators.get(k);
            if (r != null && !r.keyGroups().isEmpty()) {
                HeapKeyedStateBackend backend = contexts.get(k).keyedStateBackend();
                if (backend == null) {
                    throw new IllegalStateException("the checkpoint has keyed state for operator " + opId + " ("
                            + spec.chain().get(k).name() + "), which is not keyed in this job");
                }
                for (TaskRestore.KeyGroupRead read : r.keyGroups()) {
                    StateFiles.readKeyGroup(read, classLoader, backend, (timer, eventTime) -> {
                        if (op instanceof io.ebbflow.runtime.operators.KeyedTimers kt) {
                            kt.restoreTimer(timer, eventTime);
                        }
                    });
                }
            }
            if (op != null && op.userFunction() instanceof CheckpointedFunction f) {
                f.initializeState(new CheckpointedFunction.InitializationContext() {
                    @Override
                    public boolean isRestored() {
                        return states.isRestored();
                    }

                    @Override
                    public io.ebbflow.api.state.OperatorStateStore getOperatorStateStore() {
                        return states;
                    }
                });
            }
        }
        if (restore != null) {
            List<Object> restored = operatorStates.get(0).list(ACCUMULATORS);
            for (Object o : restored) {
                AccumulatorValue a = (AccumulatorValue) o;
                counter(a.name()).add(a.value());
            }
            restored.clear();
        }
        if (restore != null) {
            LOG.info("Subtask {} ({}/{}) restored checkpoint {}: {} key groups", spec.taskName(), spec.subtaskIndex() + 1,
                    spec.parallelism(), restore.checkpointId(),
                    restore.operators().values().stream().mapToInt(o -> o.keyGroups().size()).sum());
        }
    }

    private LongCounter counter(String name) {
        synchronized (counters) {
            return counters.computeIfAbsent(name, n -> new LongCounter());
        }
    }

    /**
     * Takes this subtask's part of a checkpoint at a barrier: operator hooks, then keyed state serialized
     * in memory, then the barrier goes downstream; the state file is written and the checkpoint
     * acknowledged off this thread, so records keep flowing meanwhile.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void performCheckpoint(CheckpointBarrier barrier) throws Exception {
        long id = barrier.id();
        List<KeyedStateSnapshot> keyed = new ArrayList<>();
        java.util.Map<String, OperatorSnapshot> opState = new LinkedHashMap<>();
        for (int k = 0; k < spec.chain().size(); k++) {
            String opId = spec.chain().get(k).operatorId();
            StreamOperator<Object, Object> op = operators.get(k);
            OperatorStates states = operatorStates.get(k);
            if (op != null && op.userFunction() instanceof CheckpointedFunction f) {
                f.snapshotState(id);
            }
            if (k == 0 && sourceReader != null) {
                readAtCheckpoint.put(id, recordsRead);
                List<Object> splits = states.list(SPLITS);
                splits.clear();
                splits.addAll((List) sourceReader.snapshotState());
            }
            if (k == 0) {
                List<Object> acc = states.list(ACCUMULATORS);
                acc.clear();
                synchronized (counters) {
                    counters.forEach((n, v) -> acc.add(new AccumulatorValue(n, v.getLocalValue())));
                }
            }
            if (!states.isEmpty()) {
                opState.put(opId, states.snapshot(opId));
            }
            HeapKeyedStateBackend backend = contexts.get(k).backend;
            if (backend != null) {
                keyed.add(StateFiles.serialize(opId, backend, op == null ? null : op.timers(), classLoader));
            }
        }
        for (RecordWriter w : writers) {
            w.broadcastBarrier(barrier);
        }
        lastFlushNanos = System.nanoTime();
        services.snapshotIo().execute(() -> {
            try {
                String fileName = null;
                long size = 0;
                List<OperatorSnapshot> ops;
                if (!keyed.isEmpty()) {
                    fileName = CheckpointStorage.stateFileName(spec.vertexId(), spec.subtaskIndex());
                    java.nio.file.Path file = java.nio.file.Path.of(barrier.directory()).resolve(fileName);
                    ops = StateFiles.write(file, keyed, opState);
                    size = java.nio.file.Files.size(file);
                } else {
                    ops = new ArrayList<>(opState.values());
                }
                services.checkpoints().acknowledge(spec, id, new SubtaskSnapshot(spec.vertexId(), spec.subtaskIndex(),
                        spec.parallelism(), fileName, size, ops));
            } catch (Throwable t) {
                LOG.warn("Subtask {} ({}/{}) could not write its state for checkpoint {}", spec.taskName(),
                        spec.subtaskIndex() + 1, spec.parallelism(), id, t);
                services.checkpoints().decline(spec, id, "writing the state of " + spec.taskName() + " ("
                        + (spec.subtaskIndex() + 1) + "/" + spec.parallelism() + ") failed: " + t);
            }
        });
    }

    // ------------------------------------------------------------------ mailbox, flushing, end

    private void drainMailbox() {
        Runnable r;
        while ((r = mailbox.poll()) != null) {
            r.run();
        }
    }

    private long waitNanos() {
        long timeout = spec.bufferTimeoutMillis();
        if (timeout <= 0) {
            return MAX_WAIT_NANOS;
        }
        long due = lastFlushNanos + TimeUnit.MILLISECONDS.toNanos(timeout) - System.nanoTime();
        return Math.max(1_000_000, Math.min(MAX_WAIT_NANOS, due));
    }

    private void maybeFlush() {
        long timeout = spec.bufferTimeoutMillis();
        if (timeout == 0) {
            flushAll();
        } else if (timeout > 0 && System.nanoTime() - lastFlushNanos >= TimeUnit.MILLISECONDS.toNanos(timeout)) {
            flushAll();
        }
    }

    private void flushIfIdle() {
        if (spec.bufferTimeoutMillis() >= 0) {
            flushAll();
        }
    }

    private void flushAll() {
        for (RecordWriter w : writers) {
            w.flush();
        }
        lastFlushNanos = System.nanoTime();
    }

    private long backPressuredNanos() {
        long n = 0;
        for (BufferPool p : pools) {
            n += p.backPressuredNanos();
        }
        return n;
    }

    private void finish() throws Exception {
        if (emittedWatermark != Long.MAX_VALUE && !spec.inputs().isEmpty()) {
            emittedWatermark = Long.MAX_VALUE;
            chain.head().emitWatermark(Long.MAX_VALUE);
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
        metrics.publish(gate != null ? gate.idleNanos() : sourceIdleNanos, backPressuredNanos());
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

    /** Thrown to leave the loops when cancelled. */
    static final class CancelledException extends RuntimeException {
        CancelledException() {
            super("cancelled", null, false, false);
        }
    }

    // ------------------------------------------------------------------ operator context

    private final class Context implements OperatorContext {
        private final ChainedOperator op;
        private HeapKeyedStateBackend backend;

        Context(ChainedOperator op) {
            this.op = op;
        }

        @Override
        public String jobId() {
            return spec.jobId();
        }

        @Override
        public String taskName() {
            return spec.taskName();
        }

        @Override
        public String operatorId() {
            return op.operatorId();
        }

        @Override
        public String operatorName() {
            return op.name();
        }

        @Override
        public int subtaskIndex() {
            return spec.subtaskIndex();
        }

        @Override
        public int parallelism() {
            return spec.parallelism();
        }

        @Override
        public int maxParallelism() {
            return spec.maxParallelism();
        }

        @Override
        public KeyGroupRange keyGroupRange() {
            return spec.keyGroups();
        }

        @Override
        public ProcessingTimeService processingTime() {
            return processingTimeService;
        }

        @Override
        public RuntimeContext.ExternalPublisher publisher() {
            return services.publisher();
        }

        @Override
        public long autoWatermarkIntervalMillis() {
            return spec.autoWatermarkIntervalMillis();
        }

        @Override
        public LongCounter counter(String name) {
            return StreamTask.this.counter(name);
        }

        @Override
        public HeapKeyedStateBackend keyedStateBackend() {
            if (backend == null && op.keySelector() != null) {
                backend = new HeapKeyedStateBackend(spec.keyGroups(), spec.maxParallelism());
            }
            return backend;
        }
    }

    private final ProcessingTimeService processingTimeService = new ProcessingTimeService() {
        @Override
        public long now() {
            return System.currentTimeMillis();
        }

        @Override
        public Registration schedule(long time, Runnable callback) {
            long delay = Math.max(0, time - System.currentTimeMillis());
            ScheduledFuture<?> f = services.timers().schedule(() -> mail(callback), delay, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }
    };
}
