package io.ebbflow.bench;

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
import io.ebbflow.runtime.checkpoint.CheckpointStats;
import io.ebbflow.runtime.checkpoint.CheckpointStorage;
import io.ebbflow.runtime.checkpoint.CompletedCheckpoint;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.task.StreamTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One keyed-state measurement in Ebbflow's runtime (in this JVM, like Flink's MiniCluster on the other
 * side): a source puts {@code keys} keys once into a keyed ValueState of ten longs each (about 100 bytes
 * per key serialized) and then idles; three checkpoints are taken one after the other (duration from
 * trigger to completion, as the driver sees it, and per checkpoint the longest synchronous and asynchronous
 * part over the subtasks, from the runtime's checkpoint statistics); the job is cancelled and started again from the last
 * checkpoint, and the restore time is from the start until every subtask has read its state and runs.
 * Prints one {@code RESULT} line. Started by {@code state}.
 */
@Command(name = "state-run", hidden = true, description = "One keyed-state checkpoint/restore run in Ebbflow (used by 'state').")
final class StateRun implements Callable<Integer> {

    static final LongAdder PROCESSED = new LongAdder();

    @Option(names = "--keys", required = true)
    long keys;

    @Option(names = "--parallelism")
    int parallelism = 2;

    @Option(names = "--checkpoints")
    int checkpoints = 3;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("ebbflow-state-bench");
        try (LocalJobRunner runner = new LocalJobRunner(1)) {
            runner.checkpointDirectory(dir);
            long populateStart = System.nanoTime();
            runner.start(job());
            while (PROCESSED.sum() < keys) {
                if (!runner.failures().isEmpty()) {
                    throw new IllegalStateException("the job failed", runner.failures().values().iterator().next());
                }
                Thread.sleep(10);
            }
            double populateSeconds = (System.nanoTime() - populateStart) / 1e9;
            List<Long> durations = new ArrayList<>();
            CompletedCheckpoint last = null;
            for (int i = 0; i < checkpoints; i++) {
                long t0 = System.nanoTime();
                last = runner.triggerCheckpoint().get(10, TimeUnit.MINUTES);
                durations.add((System.nanoTime() - t0) / 1_000_000);
            }
            // The runtime's own metric: per checkpoint, the longest pause at the barrier and the longest
            // asynchronous part over the subtasks.
            List<Double> syncMs = new ArrayList<>();
            List<Double> asyncMs = new ArrayList<>();
            for (CheckpointStats s : runner.checkpointHistory()) {
                if (s.status() == io.ebbflow.core.checkpoint.CheckpointStatus.COMPLETED) {
                    syncMs.add(s.maxSyncDurationMicros() / 1000.0);
                    asyncMs.add(s.maxAsyncDurationMicros() / 1000.0);
                }
            }
            syncMs.sort(null);
            asyncMs.sort(null);
            runner.cancelAll();
            runner.awaitAll(Duration.ofMinutes(2));
            CompletedCheckpoint restoreFrom = CheckpointStorage.readMetadata(Path.of(last.directory()));
            System.gc();
            long t0 = System.nanoTime();
            runner.start(job(), restoreFrom);
            while (!allRunning(runner)) {
                if (!runner.failures().isEmpty()) {
                    throw new IllegalStateException("the restore failed", runner.failures().values().iterator().next());
                }
                Thread.sleep(1);
            }
            long restoreMs = (System.nanoTime() - t0) / 1_000_000;
            durations.sort(null);
            long median = durations.get(durations.size() / 2);
            System.out.printf(Locale.ROOT, "RESULT runtime=ebbflow parallelism=%d keys=%d state_bytes=%d populate_s=%.1f "
                    + "checkpoint_ms=%d checkpoint_ms_all=%s restore_ms=%d sync_ms=%.2f sync_ms_all=%s async_ms=%.1f%n",
                    parallelism, keys, last.stateSize(), populateSeconds, median, durations.toString().replace(" ", ""),
                    restoreMs, syncMs.get(syncMs.size() / 2), syncMs.stream().map(d -> String.format(Locale.ROOT, "%.2f", d))
                            .toList().toString().replace(" ", ""), asyncMs.get(asyncMs.size() / 2));
            System.out.flush();
        } finally {
            CheckpointStorage.discard(dir);
        }
        return 0;
    }

    private static boolean allRunning(LocalJobRunner runner) {
        List<StreamTask> tasks = runner.tasks();
        return !tasks.isEmpty() && tasks.stream().allMatch(t -> runner.states().get(t) == io.ebbflow.core.job.ExecutionState.RUNNING);
    }

    private StreamExecutionEnvironment job() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism).setMaxParallelism(128);
        env.fromSource(new PopulateSource(keys), WatermarkStrategy.<Long>noWatermarks(), "Populate").uid("populate")
                .keyBy(v -> v)
                .process(new Store()).uid("store").name("Store")
                .addSink(new DiscardingSink<>()).name("Discard");
        return env;
    }

    /** Keeps ten longs per key. */
    static final class Store extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<long[]> state;

        @Override
        public void open(RuntimeContext context) throws Exception {
            super.open(context);
            state = context.getState(new ValueStateDescriptor<>("payload", long[].class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            long[] payload = new long[10];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = value + i;
            }
            state.update(payload);
            PROCESSED.increment();
        }
    }

    /** Emits the keys {@code [0, keys)} once (a range per split), then idles forever. */
    static final class PopulateSource implements Source<Long, PopulateSource.Split> {
        private final long keys;

        PopulateSource(long keys) {
            this.keys = keys;
        }

        record Split(String splitId, long next, long end) implements SourceSplit {
        }

        @Override
        public Boundedness getBoundedness() {
            return Boundedness.CONTINUOUS_UNBOUNDED;
        }

        @Override
        public List<Split> createSplits(int parallelism) {
            List<Split> out = new ArrayList<>();
            for (int i = 0; i < parallelism; i++) {
                out.add(new Split("range-" + i, keys * i / parallelism, keys * (i + 1) / parallelism));
            }
            return out;
        }

        @Override
        public SourceReader<Long, Split> createReader(SourceReaderContext context) {
            return new SourceReader<>() {
                private final List<long[]> ranges = new ArrayList<>();
                private final List<String> ids = new ArrayList<>();

                @Override
                public void addSplits(List<Split> splits) {
                    for (Split s : splits) {
                        ranges.add(new long[] {s.next(), s.end()});
                        ids.add(s.splitId());
                    }
                }

                @Override
                public InputStatus pollNext(ReaderOutput<Long> output) {
                    for (long[] r : ranges) {
                        for (int n = 0; n < 1024 && r[0] < r[1]; n++) {
                            output.collect(r[0]++);
                        }
                        if (r[0] < r[1]) {
                            return InputStatus.MORE_AVAILABLE;
                        }
                    }
                    return InputStatus.NOTHING_AVAILABLE;
                }

                @Override
                public long waitMillis() {
                    return 50;
                }

                @Override
                public List<Split> snapshotState() {
                    List<Split> out = new ArrayList<>();
                    for (int i = 0; i < ranges.size(); i++) {
                        out.add(new Split(ids.get(i), ranges.get(i)[0], ranges.get(i)[1]));
                    }
                    return out;
                }
            };
        }
    }
}
