package io.ebbflow.bench;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.KeyedProcessFunction;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.serialization.SimpleStringSchema;
import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;
import io.ebbflow.connector.base.DeliveryGuarantee;
import io.ebbflow.connector.kafka.sink.KafkaRecordSerializationSchema;
import io.ebbflow.connector.kafka.sink.KafkaSink;
import io.ebbflow.connector.kafka.source.KafkaSource;
import io.ebbflow.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.task.StreamTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One measurement of the Kafka benchmark's job in Ebbflow's runtime, in this JVM (as Flink's MiniCluster runs the
 * same job in its JVM): a topic of decimal longs (from the earliest offset, unbounded) → keyBy(value mod keys) → a
 * count per key in keyed state → each new count as "key,count" to another topic with the given delivery guarantee;
 * checkpoints at the given interval. The counting operator's records-in counter is sampled every second. Prints one
 * {@code RESULT} line. Started by {@code kafka}.
 */
@Command(name = "kafka-count-run", hidden = true, description = "One Kafka count run in Ebbflow (used by 'kafka').")
final class KafkaCountRun implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true)
    String bootstrap;

    @Option(names = "--in", required = true)
    String in;

    @Option(names = "--out", required = true)
    String out;

    @Option(names = "--input-records", required = true)
    long inputRecords;

    @Option(names = "--parallelism", required = true)
    int parallelism;

    @Option(names = "--guarantee", required = true)
    DeliveryGuarantee guarantee;

    @Option(names = "--checkpoint-interval-ms")
    long checkpointMillis = 10_000;

    @Option(names = "--warmup-seconds")
    int warmupSeconds = 10;

    @Option(names = "--measure-seconds")
    int measureSeconds = 30;

    @Option(names = "--keys")
    int keys = 10_000;

    @Override
    public Integer call() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism);
        long keyCount = keys;
        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(in)
                .setGroupId("ebbflow-bench-" + System.nanoTime())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        KafkaSink<String> sink = KafkaSink.<String>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer(KafkaRecordSerializationSchema.<String>builder()
                        .setTopic(out)
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(guarantee)
                .setTransactionalIdPrefix("ebbflow-bench-" + System.nanoTime())
                .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "Orders")
                .keyBy(v -> Long.parseLong(v) % keyCount)
                .process(new Count()).name("Count")
                .sinkTo(sink).name("Kafka");
        Path checkpoints = Files.createTempDirectory("ebbflow-kafka-bench-checkpoints");
        ScheduledExecutorService trigger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "checkpoint-trigger");
            t.setDaemon(true);
            return t;
        });
        try (LocalJobRunner runner = new LocalJobRunner(1)) {
            runner.checkpointDirectory(checkpoints);
            long submitted = System.nanoTime();
            runner.start(env);
            // As Flink's periodic trigger: every interval, skipped while one is still in progress.
            trigger.scheduleWithFixedDelay(() -> runner.triggerCheckpoint().join(), checkpointMillis, checkpointMillis,
                    TimeUnit.MILLISECONDS);
            List<StreamTask> counting = runner.tasks().stream()
                    .filter(t -> t.spec().taskName().startsWith("Count")).toList();
            if (counting.size() != parallelism) {
                throw new IllegalStateException("expected " + parallelism + " counting subtasks, found " + counting.size());
            }
            java.util.function.LongSupplier processed = () -> {
                long n = 0;
                for (StreamTask t : counting) {
                    n += t.metrics().snapshot().numRecordsIn();
                }
                return n;
            };
            new ThroughputSampler(processed).run("ebbflow-kafka-" + guarantee.name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', '-'), parallelism, keys, warmupSeconds, measureSeconds, submitted,
                    () -> {
                        if (processed.getAsLong() >= inputRecords) {
                            throw new IllegalStateException("the input (" + inputRecords + " records) ran out before "
                                    + "the measured window ended; fill the topic with more (--records)");
                        }
                        return runner.failures().isEmpty();
                    });
        } finally {
            trigger.shutdownNow();
            io.ebbflow.runtime.checkpoint.CheckpointStorage.discard(checkpoints);
        }
        return 0;
    }

    /** The count per key; each new count goes out as "key,count". */
    static final class Count extends KeyedProcessFunction<Long, String, String> {
        private transient ValueState<Long> count;

        @Override
        public void open(RuntimeContext context) {
            count = context.getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(String value, Context ctx, Collector<String> out) throws Exception {
            Long current = count.value();
            long next = (current == null ? 0 : current) + 1;
            count.update(next);
            out.collect(ctx.getCurrentKey() + "," + next);
        }
    }
}
