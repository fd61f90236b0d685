package io.ebbflow.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.Boundedness;
import io.ebbflow.api.connector.DiscardingSink;
import io.ebbflow.api.connector.InputStatus;
import io.ebbflow.api.connector.ReaderOutput;
import io.ebbflow.api.connector.Source;
import io.ebbflow.api.connector.SourceReader;
import io.ebbflow.api.connector.SourceReaderContext;
import io.ebbflow.api.connector.SourceSplit;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.KeyedProcessFunction;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;
import io.ebbflow.core.checkpoint.KeyGroupOffset;
import io.ebbflow.core.checkpoint.OperatorSnapshot;
import io.ebbflow.core.checkpoint.SubtaskCheckpointStats;
import io.ebbflow.core.checkpoint.SubtaskSnapshot;
import io.ebbflow.runtime.checkpoint.CheckpointStats;
import io.ebbflow.runtime.checkpoint.CompletedCheckpoint;
import io.ebbflow.runtime.checkpoint.StateFiles;
import io.ebbflow.runtime.checkpoint.TaskRestore;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.state.HeapKeyedStateBackend;
import io.ebbflow.runtime.state.KeyGroupRange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subtask with several MB of keyed heap state takes a checkpoint: the runtime's own metric says its
 * pause at the barrier (the synchronous part) is a small fraction of serializing and writing the state
 * (the asynchronous part), and whatever the subtask wrote after the barrier, while the snapshot waited
 * to be written (new keys, values replaced, and long[] values changed in place), is not in the state
 * file: every key has exactly the value it had at the barrier.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AsynchronousSnapshotTest {

    private static final int MAX_PARALLELISM = 128;
    private static final int KEYS = 100_000;
    private static final int NEW_KEYS = 5_000;
    private static final int PAYLOAD = 16;
    static final LongAdder PROCESSED = new LongAdder();

    /** Holds the snapshot writers' work until released, so the subtasks write on meanwhile. */
    private static final class HeldExecutor implements Executor {
        private final ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();
        private volatile boolean released;

        @Override
        public void execute(Runnable command) {
            if (released) {
                new Thread(command, "snapshot-writer").start();
            } else {
                held.add(command);
            }
        }

        void release() {
            released = true;
            Runnable r;
            while ((r = held.poll()) != null) {
                new Thread(r, "snapshot-writer").start();
            }
        }
    }

    @Test
    void theSubtaskPausesBrieflyAndWritesAfterTheBarrierStayOutOfTheSnapshot(@TempDir Path dir) throws Exception {
        PROCESSED.reset();
        HeldExecutor writers = new HeldExecutor();
        try (LocalJobRunner runner = new LocalJobRunner(1)) {
            runner.checkpointDirectory(dir).snapshotExecutor(writers);
            runner.start(job());
            await().atMost(Duration.ofSeconds(60)).until(() -> PROCESSED.sum() == KEYS);

            CompletableFuture<CompletedCheckpoint> checkpoint = runner.triggerCheckpoint();
            // After the barrier: every key changed (half in place), new keys added, while the snapshots wait.
            await().atMost(Duration.ofSeconds(60)).until(() -> PROCESSED.sum() == 2L * KEYS + NEW_KEYS);
            assertThat(checkpoint).isNotDone();
            writers.release();
            CompletedCheckpoint cp = checkpoint.get(60, TimeUnit.SECONDS);
            assertThat(runner.failures()).isEmpty();

            CheckpointStats stats = runner.checkpointHistory().stream().filter(s -> s.id() == cp.checkpointId())
                    .findFirst().orElseThrow();
            List<SubtaskCheckpointStats> keyed = stats.subtasks().stream().filter(s -> s.stateSize() > 1_000_000).toList();
            assertThat(keyed).as("both keyed subtasks hold MBs of state").hasSize(2);
            for (SubtaskCheckpointStats s : keyed) {
                assertThat(s.syncDurationMicros()).isGreaterThanOrEqualTo(0);
                assertThat(s.syncDurationMicros() * 5).as("pause %s µs vs serializing and writing %s µs",
                        s.syncDurationMicros(), s.asyncDurationMicros()).isLessThan(s.asyncDurationMicros());
            }
            assertSnapshotHoldsTheStateAtTheBarrier(cp);
            runner.cancelAll();
            runner.awaitAll(Duration.ofSeconds(30));
        }
    }

    private static void assertSnapshotHoldsTheStateAtTheBarrier(CompletedCheckpoint cp) throws Exception {
        HeapKeyedStateBackend restored = new HeapKeyedStateBackend(new KeyGroupRange(0, MAX_PARALLELISM - 1),
                MAX_PARALLELISM, AsynchronousSnapshotTest.class.getClassLoader());
        for (SubtaskSnapshot s : cp.subtasks()) {
            if (s.file() == null) {
                continue;
            }
            String file = Path.of(cp.directory()).resolve(s.file()).toString();
            for (OperatorSnapshot op : s.operators()) {
                for (KeyGroupOffset o : op.keyGroups()) {
                    StateFiles.readKeyGroup(new TaskRestore.KeyGroupRead(file, o.keyGroup(), o.offset(), o.length(), o.crc()),
                            AsynchronousSnapshotTest.class.getClassLoader(), restored, (t, e) -> { });
                }
            }
        }
        var payload = restored.valueState(new ValueStateDescriptor<>("payload", long[].class), false);
        List<Long> wrong = new ArrayList<>();
        for (long key = 0; key < KEYS + NEW_KEYS; key++) {
            restored.setCurrentKey(key);
            long[] v = payload.value();
            boolean right = key < KEYS ? v != null && java.util.Arrays.equals(v, Store.payload(key)) : v == null;
            if (!right && wrong.size() < 10) {
                wrong.add(key);
            }
        }
        assertThat(wrong).as("keys whose snapshot value is not the one at the barrier").isEmpty();
    }

    private static StreamExecutionEnvironment job() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2).setMaxParallelism(MAX_PARALLELISM);
        env.fromSource(new TwoPhaseSource(), WatermarkStrategy.<Long>noWatermarks(), "Two phases").uid("source")
                .keyBy(v -> v >= 0 ? v : -(v + 1))
                .process(new Store()).uid("store")
                .addSink(new DiscardingSink<>());
        return env;
    }

    /** A key's payload at the barrier: sixteen longs; afterwards a record {@code -(key + 1)} changes it. */
    static final class Store extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<long[]> state;

        static long[] payload(long key) {
            long[] p = new long[PAYLOAD];
            for (int i = 0; i < p.length; i++) {
                p[i] = key * 31 + i;
            }
            return p;
        }

        @Override
        public void open(RuntimeContext context) throws Exception {
            super.open(context);
            state = context.getState(new ValueStateDescriptor<>("payload", long[].class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            if (value >= 0) {
                state.update(payload(value));
            } else {
                long key = -(value + 1);
                long[] p = state.value();
                p[0] = -1; // in place, as user code may do
                p[PAYLOAD - 1] = -1;
                if (key % 2 == 0) {
                    state.update(p);
                }
            }
            PROCESSED.increment();
        }
    }

    /**
     * Emits the keys {@code [0, KEYS)}; once its subtask took its part of the checkpoint, a change of every
     * one of them and {@code NEW_KEYS} new keys.
     */
    static final class TwoPhaseSource implements Source<Long, TwoPhaseSource.Split> {
        record Split(String splitId, long from, long to) implements SourceSplit {
        }

        @Override
        public Boundedness getBoundedness() {
            return Boundedness.CONTINUOUS_UNBOUNDED;
        }

        @Override
        public List<Split> createSplits(int parallelism) {
            List<Split> out = new ArrayList<>();
            for (int i = 0; i < parallelism; i++) {
                out.add(new Split("s" + i, (long) KEYS * i / parallelism, (long) KEYS * (i + 1) / parallelism));
            }
            return out;
        }

        @Override
        public SourceReader<Long, Split> createReader(SourceReaderContext context) {
            return new SourceReader<>() {
                private final List<Split> splits = new ArrayList<>();
                private final List<long[]> next = new ArrayList<>();
                private boolean afterBarrier;
                private long afterNext;
                private boolean done;

                @Override
                public void addSplits(List<Split> added) {
                    for (Split s : added) {
                        splits.add(s);
                        next.add(new long[] {s.from()});
                    }
                }

                @Override
                public InputStatus pollNext(ReaderOutput<Long> output) {
                    if (!afterBarrier) {
                        for (int i = 0; i < splits.size(); i++) {
                            long[] n = next.get(i);
                            for (int k = 0; k < 512 && n[0] < splits.get(i).to(); k++) {
                                output.collect(n[0]++);
                            }
                        }
                        return InputStatus.NOTHING_AVAILABLE;
                    }
                    if (done) {
                        return InputStatus.NOTHING_AVAILABLE;
                    }
                    for (Split s : splits) {
                        for (long key = s.from(); key < s.to(); key++) {
                            output.collect(-(key + 1));
                        }
                        // The new keys: an equal share per split.
                        long share = (long) NEW_KEYS * (s.to() - s.from()) / KEYS;
                        long first = KEYS + (long) NEW_KEYS * s.from() / KEYS;
                        for (long key = first; key < first + share; key++) {
                            output.collect(key);
                        }
                    }
                    done = true;
                    return InputStatus.NOTHING_AVAILABLE;
                }

                @Override
                public long waitMillis() {
                    return 5;
                }

                @Override
                public List<Split> snapshotState() {
                    afterBarrier = true;
                    return new ArrayList<>(splits);
                }
            };
        }
    }
}
