package io.ebbflow.connector.kafka.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.serialization.SimpleStringSchema;
import io.ebbflow.runtime.checkpoint.CompletedCheckpoint;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.testing.CollectSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Offsets travel in checkpoints: an unbounded job reads a topic, a checkpoint is taken, the job is cancelled, more
 * records are written, and the job restored from the checkpoint (at the same, a lower or a higher parallelism than
 * the partitions) reads each record written after the checkpoint once and none before it. The checkpoint's offsets
 * are also committed to the group when it completes.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class KafkaSourceRestoreTest {

    private static final int PARTITIONS = 3;
    @RegisterExtension
    static final KafkaTestTopics kafka = new KafkaTestTopics();

    private static StreamExecutionEnvironment job(String topic, String group, int parallelism, String sink) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.fromSource(KafkaSource.<String>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setTopics(List.of(topic))
                        .setGroupId(group)
                        .setProperty(KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL_MS, "200")
                        .setValueOnlyDeserializer(new SimpleStringSchema())
                        .build(), WatermarkStrategy.noWatermarks(), "kafka").uid("kafka")
                .addSink(new CollectSink<>(sink));
        return env;
    }

    @ParameterizedTest(name = "p=2 -> p={0}")
    @CsvSource({"1, 31", "4, 32"})
    void aRestoreReadsEveryRecordAfterTheCheckpointOnceAndNoneBefore(int restoreParallelism, long seed,
            @TempDir Path checkpoints) throws Exception {
        String topic = kafka.createTopic("restore", PARTITIONS);
        String group = "group-" + topic;
        Map<Integer, List<String>> before = kafka.sendSpread(topic, PARTITIONS, "before", 1_500, seed);
        String firstSink = "first-" + topic;
        CompletedCheckpoint checkpoint;
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.checkpointDirectory(checkpoints);
            runner.start(job(topic, group, 2, firstSink));
            await().atMost(Duration.ofSeconds(60)).until(() -> CollectSink.results(firstSink).size() >= 1_500);
            checkpoint = runner.triggerCheckpoint().get(60, TimeUnit.SECONDS);

            // The completed checkpoint's offsets reach the group (for monitoring).
            Map<TopicPartition, Long> ends = new HashMap<>();
            before.forEach((p, values) -> ends.put(new TopicPartition(topic, p), (long) values.size()));
            await().atMost(Duration.ofSeconds(60)).until(() -> kafka.committed(group).equals(ends));

            runner.cancelAll();
            assertThat(runner.awaitAll(Duration.ofSeconds(60))).isTrue();
            assertThat(runner.failures()).isEmpty();
        }
        assertThat(CollectSink.<String>results(firstSink)).hasSize(1_500);

        restoreReadsOnlyNewRecords(topic, group, restoreParallelism, 900, seed + 100, checkpoint, checkpoints);
    }

    /**
     * Writes {@code count} records over every partition, after the old ones (a partition read again from an older
     * offset would deliver its old records before its last new one), restores the job from {@code checkpoint} at
     * {@code parallelism}, and checks it reads exactly those records.
     */
    private static void restoreReadsOnlyNewRecords(String topic, String group, int parallelism, int count, long seed,
            CompletedCheckpoint checkpoint, Path checkpoints) throws Exception {
        Map<Integer, List<String>> after = kafka.sendSpread(topic, PARTITIONS, "after", count, seed);
        assertThat(after).hasSize(PARTITIONS);
        List<String> expected = new ArrayList<>();
        after.values().forEach(expected::addAll);
        String sink = "restored-" + topic;
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.checkpointDirectory(checkpoints);
            runner.start(job(topic, group, parallelism, sink), checkpoint);
            await().atMost(Duration.ofSeconds(60)).until(() -> CollectSink.<String>results(sink).containsAll(expected));
            runner.cancelAll();
            assertThat(runner.awaitAll(Duration.ofSeconds(60))).isTrue();
            assertThat(runner.failures()).isEmpty();
        }
        assertThat(CollectSink.<String>results(sink)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "seed={0}")
    @CsvSource({"41"})
    void partitionsAddedWhileRunningAreReadOnceAndTheirOffsetsSurviveARestore(long seed, @TempDir Path checkpoints)
            throws Exception {
        String topic = kafka.createTopic("discovered", 1);
        String group = "group-" + topic;
        List<String> expected = new ArrayList<>(kafka.sendSpread(topic, 1, "initial", 100, seed).get(0));
        String firstSink = "first-" + topic;
        CompletedCheckpoint checkpoint;
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.checkpointDirectory(checkpoints);
            runner.start(job(topic, group, 2, firstSink));
            await().atMost(Duration.ofSeconds(60)).until(() -> CollectSink.results(firstSink).size() >= 100);

            // Two partitions appear (records may be written before the job finds them: it reads them from the earliest).
            kafka.addPartitions(topic, PARTITIONS);
            kafka.sendSpread(topic, PARTITIONS, "grown", 600, seed + 1).values().forEach(expected::addAll);
            await().atMost(Duration.ofSeconds(60)).until(() -> CollectSink.<String>results(firstSink)
                    .containsAll(expected));
            checkpoint = runner.triggerCheckpoint().get(60, TimeUnit.SECONDS);
            runner.cancelAll();
            assertThat(runner.awaitAll(Duration.ofSeconds(60))).isTrue();
            assertThat(runner.failures()).isEmpty();
        }
        assertThat(CollectSink.<String>results(firstSink)).containsExactlyInAnyOrderElementsOf(expected);

        restoreReadsOnlyNewRecords(topic, group, PARTITIONS, 300, seed + 2, checkpoint, checkpoints);
    }
}
