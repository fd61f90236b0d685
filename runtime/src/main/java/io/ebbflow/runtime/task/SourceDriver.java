package io.ebbflow.runtime.task;

import io.ebbflow.api.connector.InputStatus;
import io.ebbflow.api.connector.ReaderOutput;
import io.ebbflow.api.connector.SourceReader;
import io.ebbflow.api.connector.SourceSplit;
import io.ebbflow.api.eventtime.TimestampAssigner;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.runtime.checkpoint.CheckpointBarrier;
import io.ebbflow.runtime.checkpoint.OperatorStates;
import io.ebbflow.runtime.network.WaitTime;
import io.ebbflow.runtime.operators.Output;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a source subtask: its reader, on the splits dealt to it (or those its checkpoint kept, with
 * their positions), emits into the chain with timestamps assigned and watermarks generated, between
 * mailbox checks, until the input ends or the subtask is cancelled. After a rescale's barrier it pauses
 * (reads nothing) until that checkpoint completes or is aborted. Used by its subtask's thread only.
 *
 * <p>Also counts the records read, and that count at each checkpoint a restart could resume from: the
 * one this subtask restored (0 when it started empty) and every barrier since the latest completed
 * checkpoint, so the JobMaster can tell how many records a restart reads again.
 */
final class SourceDriver {

    private static final Logger LOG = LoggerFactory.getLogger(SourceDriver.class);
    /** The reader's splits in the source's operator state. */
    private static final String SPLITS = SourceSplits.STATE_NAME;

    private final StreamTask task;
    private final TaskSpec spec;
    private final TaskServices services;
    private final TaskMetrics metrics;
    private final OutputFlusher flusher;
    private final Snapshotter snapshotter;
    private final TaskOperatorContext context;
    private final Output<Object> head;
    private SourceReader<Object, SourceSplit> reader;
    private SourceOutput output;
    /** The ids of every split given to the reader: a split sent again is not read twice. */
    private final java.util.Set<String> splitIds = new java.util.HashSet<>();
    /** The reader was closed (the input ended or the subtask failed): no more calls reach it. */
    private boolean readerClosed;
    /** The reader's availability future this thread is woken by (one wake-up hook per future). */
    private CompletableFuture<Void> awaited;
    private final WaitTime idle = new WaitTime();
    private long pausedAt = -1;
    private long recordsRead;
    /** How often the reader's backlog and lags are sampled while it has more to read. */
    private static final long SOURCE_METRICS_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private long lastSourceMetrics = System.nanoTime();
    private final NavigableMap<Long, Long> readAtCheckpoint = new TreeMap<>();

    /**
     * @param context the context of the source, at the head of the chain; also its reader's
     * @param head where the source's records go: the operators chained to it, or the network
     */
    SourceDriver(StreamTask task, TaskServices services, OutputFlusher flusher, Snapshotter snapshotter,
            TaskOperatorContext context, Output<Object> head) {
        this.task = task;
        this.spec = task.spec();
        this.services = services;
        this.metrics = task.metrics();
        this.flusher = flusher;
        this.snapshotter = snapshotter;
        this.context = context;
        this.head = head;
    }

    /** Time spent with nothing to read (or paused), a wait under way included; may be read from any thread. */
    long idleNanos() {
        return idle.nanos(System.nanoTime());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void run() throws Exception {
        OperatorSpec.SourceOp op = (OperatorSpec.SourceOp) spec.chain().get(0).spec();
        SourceReader r = op.source().createReader(context);
        reader = r;
        try {
            // Within the try: a reader may hold a thread of its own from its creation on.
            addInitialSplits(r);
            SourceOutput output = new SourceOutput((WatermarkStrategy<Object>) op.watermarks());
            this.output = output;
            output.hasSplits(!splitIds.isEmpty());
            reportSourceMetrics();
            poll(r, output);
            output.endOfInput();
        } finally {
            readerClosed = true;
            r.close();
        }
    }

    /** Gives the reader the splits dealt to this subtask, or those the checkpoint it restores kept. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void addInitialSplits(SourceReader r) {
        List<SourceSplit> splits = new ArrayList<>(spec.splits());
        readAtCheckpoint.put(spec.restore() == null ? 0L : spec.restore().checkpointId(), 0L);
        if (spec.restore() != null) {
            // Restored: the splits, with their positions, that the checkpoint dealt to this subtask.
            List<Object> restored = snapshotter.operatorStates(0).list(SPLITS);
            splits.clear();
            for (Object o : restored) {
                splits.add((SourceSplit) o);
            }
            restored.clear();
        }
        splits.forEach(s -> splitIds.add(s.splitId()));
        r.addSplits((List) splits);
    }

    private void poll(SourceReader<Object, SourceSplit> r, SourceOutput output) throws Exception {
        while (!task.isCancelled()) {
            task.drainMailbox();
            if (pausedAt >= 0) {
                // Paused after a rescale's checkpoint barrier: nothing more is read, so nothing is replayed.
                idle.begin(System.nanoTime());
                if (task.mailboxEmpty()) {
                    LockSupport.parkNanos(task, StreamTask.MAX_WAIT_NANOS);
                }
                idle.end(System.nanoTime());
                continue;
            }
            InputStatus status = r.pollNext(output);
            flusher.maybeFlush();
            metrics.publish();
            // By time, not by polls: one poll may emit a batch that takes long downstream (a slow chained
            // operator), and the backlog must stay current while the source is behind.
            reportSourceMetricsIfDue(status != InputStatus.MORE_AVAILABLE);
            if (status == InputStatus.END_OF_INPUT) {
                return;
            }
            if (status == InputStatus.NOTHING_AVAILABLE) {
                flusher.flushAll();
                awaitInput(r);
            }
        }
    }

    /**
     * The reader has nothing now: waits until its {@link SourceReader#isAvailable()} future completes or, for a reader
     * without one (a completed future), for its {@link SourceReader#waitMillis()}; at most until output is due to be
     * flushed, and not at all when mail is waiting (which wakes the thread too).
     */
    private void awaitInput(SourceReader<Object, SourceSplit> r) {
        idle.begin(System.nanoTime());
        CompletableFuture<Void> available = r.isAvailable();
        long wait;
        if (available.isDone()) {
            wait = Math.min(TimeUnit.MILLISECONDS.toNanos(r.waitMillis()), flusher.waitNanos());
        } else {
            if (available != awaited) {
                // The reader completes it from its own thread (a fetcher's): that wakes this one, also when it
                // completes between here and the park (the unpark is kept for it).
                awaited = available;
                available.whenComplete((ignored, error) -> task.wakeUp());
            }
            wait = flusher.waitNanos();
        }
        if (wait > 0 && task.mailboxEmpty()) {
            LockSupport.parkNanos(task, wait);
        }
        idle.end(System.nanoTime());
    }

    /**
     * Called on this thread while a record it emits waits for a free output buffer (within the reader's
     * {@code pollNext}): the backlog grows meanwhile, and a report only after the wait would show it late and all at
     * once (a slow consumer frees a buffer every few seconds), so that the backlog's growth read by an autoscaler
     * jumps. At most every {@link #SOURCE_METRICS_NANOS}.
     */
    void reportWhileBackPressured() {
        if (reader != null && !readerClosed) {
            reportSourceMetricsIfDue(false);
        }
    }

    /** Reports the source metrics if {@link #SOURCE_METRICS_NANOS} passed since the last report, or if forced. */
    private void reportSourceMetricsIfDue(boolean force) {
        long now = System.nanoTime();
        if (force || now - lastSourceMetrics >= SOURCE_METRICS_NANOS) {
            lastSourceMetrics = now;
            reportSourceMetrics();
        }
    }

    /** Samples the source's metrics: the reader's backlog, fetch lag and skipped records, and the emit lag. */
    private void reportSourceMetrics() {
        long last = output.lastTimestamp;
        long emitLag = last == Output.NO_TIMESTAMP ? -1 : Math.max(0, context.currentProcessingTimeMillis() - last);
        metrics.source(reader.pendingRecords(), reader.currentFetchEventTimeLag(), emitLag, reader.numRecordsInErrors());
    }

    /**
     * Splits the JobMaster found while the job runs: those the reader does not have yet are added to it. They are
     * in the source's state from the next barrier on (a restore from an earlier checkpoint finds them again).
     */
    void addSplits(List<SourceSplit> found) {
        if (reader == null || readerClosed) {
            LOG.info("Source subtask {} ({}/{}) of job {} no longer reads: splits {} ignored", spec.taskName(),
                    spec.subtaskIndex() + 1, spec.parallelism(), spec.jobId(), ids(found));
            return;
        }
        List<SourceSplit> fresh = new ArrayList<>();
        for (SourceSplit s : found) {
            if (splitIds.add(s.splitId())) {
                fresh.add(s);
            }
        }
        if (fresh.isEmpty()) {
            LOG.debug("Source subtask {} ({}/{}) of job {} has splits {} already", spec.taskName(),
                    spec.subtaskIndex() + 1, spec.parallelism(), spec.jobId(), ids(found));
            return;
        }
        LOG.info("Source subtask {} ({}/{}) of job {} reads new splits {}", spec.taskName(), spec.subtaskIndex() + 1,
                spec.parallelism(), spec.jobId(), ids(fresh));
        reader.addSplits(fresh);
        output.hasSplits(true);
    }

    private static List<String> ids(List<SourceSplit> splits) {
        return splits.stream().map(SourceSplit::splitId).toList();
    }

    /**
     * Takes the subtask's part of checkpoint {@code barrier} between two records: the reader's splits and
     * the count read so far, then the operators' state; with {@code pause} nothing more is read until
     * that checkpoint completes or is aborted.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void checkpoint(CheckpointBarrier barrier, boolean pause) throws Exception {
        readAtCheckpoint.put(barrier.id(), recordsRead);
        List<Object> splits = snapshotter.operatorStates(0).list(SPLITS);
        splits.clear();
        splits.addAll((List) reader.snapshotState(barrier.id()));
        snapshotter.snapshot(barrier);
        if (pause) {
            pausedAt = barrier.id();
        }
    }

    /**
     * Checkpoint {@code id} completed: reading resumes, no restart goes back before it any more, and the reader
     * hears of it (a Kafka reader commits the offsets it snapshotted for it). The reader's failure to take note is
     * logged and goes no further: what it commits is for monitoring only, the checkpoint holds the positions.
     */
    void checkpointComplete(long id) {
        resumeAfter(id);
        if (readAtCheckpoint.containsKey(id)) {
            readAtCheckpoint.headMap(id, false).clear();
        }
        if (reader != null && !readerClosed) {
            try {
                reader.notifyCheckpointComplete(id);
            } catch (Exception e) {
                LOG.warn("Source subtask {} ({}/{}) of job {}: its reader failed on completed checkpoint {} (the job goes "
                        + "on; the checkpoint holds the positions)", spec.taskName(), spec.subtaskIndex() + 1,
                        spec.parallelism(), spec.jobId(), id, e);
            }
        }
    }

    /** Checkpoint {@code id} ended (completed or aborted): a source paused at its barrier, or an older one, reads again. */
    void resumeAfter(long id) {
        if (pausedAt >= 0 && pausedAt <= id) {
            pausedAt = -1;
        }
    }

    /** Records read after each checkpoint a restart could resume from (checkpoint id, 0 for the job's beginning). */
    Map<Long, Long> readAfterCheckpoints() {
        Map<Long, Long> out = new LinkedHashMap<>();
        readAtCheckpoint.forEach((id, at) -> out.put(id, recordsRead - at));
        return out;
    }

    /** The subtask was cancelled: logs what a restart from its latest checkpoint reads again. */
    void logCancelled() {
        if (reader != null && !readAtCheckpoint.isEmpty()) {
            // 0 when the source paused at a rescale's barrier.
            Map.Entry<Long, Long> last = readAtCheckpoint.lastEntry();
            LOG.info("Source subtask {} ({}/{}) cancelled: {} records read after checkpoint {}", spec.taskName(),
                    spec.subtaskIndex() + 1, spec.parallelism(), recordsRead - last.getValue(), last.getKey());
        }
    }

    /**
     * Where the reader emits: timestamps assigned, records into the chain, watermarks generated per output (the
     * direct one and one per split, see {@link SourceWatermarks}).
     */
    private final class SourceOutput implements ReaderOutput<Object> {
        private final TimestampAssigner<Object> assigner;
        private final SourceWatermarks watermarks;
        private final Output<Object> head = SourceDriver.this.head;
        private final Map<String, SplitOutput> splitOutputs = new java.util.HashMap<>();
        /** The event time of the last record emitted with one (for the emit lag). */
        long lastTimestamp = Output.NO_TIMESTAMP;

        SourceOutput(WatermarkStrategy<Object> strategy) {
            this.assigner = strategy == null ? null : strategy.getTimestampAssigner();
            this.watermarks = new SourceWatermarks(strategy, new SourceWatermarks.Downstream() {
                @Override
                public void watermark(long watermark) {
                    head.emitWatermark(watermark);
                }

                @Override
                public void idle(boolean idle) {
                    task.emitWatermarkStatus(idle);
                }
            });
            if (watermarks.generates() && spec.autoWatermarkIntervalMillis() > 0) {
                schedulePeriodic();
            }
        }

        private void schedulePeriodic() {
            services.timers().schedule(() -> task.mail(() -> {
                watermarks.onPeriodicEmit();
                schedulePeriodic();
            }), spec.autoWatermarkIntervalMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void collect(Object record) {
            emit(watermarks.direct(), record, Output.NO_TIMESTAMP);
        }

        @Override
        public void collect(Object record, long timestamp) {
            emit(watermarks.direct(), record, timestamp);
        }

        void emit(SourceWatermarks.Channel channel, Object record, long timestamp) {
            long ts = assigner != null ? assigner.extractTimestamp(record, timestamp) : timestamp;
            metrics.recordIn();
            recordsRead++;
            if (ts != Output.NO_TIMESTAMP) {
                lastTimestamp = ts;
            }
            channel.beforeRecord();
            head.collect(record, ts);
            if (watermarks.generates()) {
                channel.onEvent(record, ts);
            }
        }

        @Override
        public ReaderOutput<Object> createOutputForSplit(String splitId) {
            return splitOutputs.computeIfAbsent(splitId, id -> new SplitOutput(watermarks.split(id)));
        }

        @Override
        public void releaseOutputForSplit(String splitId) {
            splitOutputs.remove(splitId);
            watermarks.release(splitId);
        }

        /** Whether the reader has splits (one without is idle downstream). */
        void hasSplits(boolean has) {
            watermarks.hasSplits(has);
        }

        void endOfInput() {
            watermarks.endOfInput();
        }

        /** The records of one split, with the split's own watermarks. */
        private final class SplitOutput implements ReaderOutput<Object> {
            private final SourceWatermarks.Channel channel;

            SplitOutput(SourceWatermarks.Channel channel) {
                this.channel = channel;
            }

            @Override
            public void collect(Object record) {
                emit(channel, record, Output.NO_TIMESTAMP);
            }

            @Override
            public void collect(Object record, long timestamp) {
                emit(channel, record, timestamp);
            }

            @Override
            public ReaderOutput<Object> createOutputForSplit(String splitId) {
                return SourceOutput.this.createOutputForSplit(splitId);
            }

            @Override
            public void releaseOutputForSplit(String splitId) {
                SourceOutput.this.releaseOutputForSplit(splitId);
            }
        }
    }
}
