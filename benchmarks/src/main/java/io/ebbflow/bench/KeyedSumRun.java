package io.ebbflow.bench;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.examples.keyedsum.KeyedSum;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.task.StreamTask;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One throughput measurement of the {@code KeyedSum} example in Ebbflow's runtime, in this JVM (as Flink's
 * MiniCluster runs the same job in its JVM): an unbounded sequence, keyBy(value mod 10 000), a running sum
 * in keyed state, a discarding sink. Source and keyed operator are separate subtasks exchanging
 * serialized records through network buffers (local channels). The keyed operator's records-in counter is
 * sampled every second; with {@code --checkpoint-interval-ms} a checkpoint (to a temporary directory) is
 * triggered at that interval, as Flink's periodic checkpoints. Prints one {@code RESULT} line. Started by
 * {@code throughput}.
 */
@Command(name = "keyed-sum-run", hidden = true, description = "One KeyedSum throughput run in Ebbflow (used by 'throughput').")
final class KeyedSumRun implements Callable<Integer> {

    @Option(names = "--parallelism", required = true)
    int parallelism;

    @Option(names = "--warmup-seconds")
    int warmupSeconds = 10;

    @Option(names = "--measure-seconds")
    int measureSeconds = 30;

    @Option(names = "--keys")
    int keys = 10_000;

    @Option(names = "--checkpoint-interval-ms", description = "Checkpoint every this many ms (0 = none).")
    long checkpointMillis;

    @Override
    public Integer call() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism);
        KeyedSum.build(env, Long.MAX_VALUE, keys);
        java.nio.file.Path checkpoints = java.nio.file.Files.createTempDirectory("ebbflow-keyed-sum-checkpoints");
        java.util.concurrent.ScheduledExecutorService trigger = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "checkpoint-trigger");
                    t.setDaemon(true);
                    return t;
                });
        java.util.concurrent.atomic.AtomicLong completed = new java.util.concurrent.atomic.AtomicLong();
        try (LocalJobRunner runner = new LocalJobRunner(1)) {
            runner.checkpointDirectory(checkpoints);
            long submitted = System.nanoTime();
            runner.start(env);
            if (checkpointMillis > 0) {
                // As Flink's periodic trigger: every interval, skipped while one is still in progress.
                trigger.scheduleWithFixedDelay(() -> runner.triggerCheckpoint().thenRun(completed::incrementAndGet),
                        checkpointMillis, checkpointMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            List<StreamTask> keyed = runner.tasks().stream()
                    .filter(t -> t.spec().taskName().startsWith("Running sum")).toList();
            if (keyed.size() != parallelism) {
                throw new IllegalStateException("expected " + parallelism + " keyed subtasks, found " + keyed.size());
            }
            ThroughputSampler sampler = new ThroughputSampler(() -> {
                long n = 0;
                for (StreamTask t : keyed) {
                    n += t.metrics().snapshot().numRecordsIn();
                }
                return n;
            });
            sampler.run("ebbflow" + (checkpointMillis > 0 ? "-checkpoint-" + checkpointMillis + "ms" : ""), parallelism, keys,
                    warmupSeconds, measureSeconds, submitted, runner.failures()::isEmpty);
            trigger.shutdownNow();
            if (checkpointMillis > 0) {
                System.err.println("checkpoints completed: " + completed.get());
            }
        } finally {
            trigger.shutdownNow();
            io.ebbflow.runtime.checkpoint.CheckpointStorage.discard(checkpoints);
        }
        return 0;
    }
}
