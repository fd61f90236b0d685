package io.ebbflow.connector.kafka.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ebbflow.api.connector.InputStatus;
import io.ebbflow.api.connector.SourceReader;
import io.ebbflow.api.serialization.SimpleStringSchema;
import io.ebbflow.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import io.ebbflow.connector.kafka.source.reader.KafkaSourceReader;
import io.ebbflow.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import io.ebbflow.connector.kafka.source.split.KafkaPartitionSplit;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reader on its own against the real broker, driven as a subtask's thread drives it: positions in snapshots,
 * offsets committed when a checkpoint completes, per-partition outputs, readers without partitions, skipped records, lag metrics.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KafkaSourceReaderTest {

    @RegisterExtension
    static final KafkaTestTopics kafka = new KafkaTestTopics();

    private static KafkaSourceBuilder<String> source(String topic) {
        return KafkaSource.<String>builder().setBootstrapServers(kafka.bootstrapServers()).setTopics(topic)
                .setValueOnlyDeserializer(new SimpleStringSchema());
    }

    /** Polls on this thread (a consumer belongs to one thread at a time) until {@code done}. */
    private static void pollUntil(SourceReader<String, KafkaPartitionSplit> reader, RecordingOutput out,
            Callable<Boolean> done) {
        await().atMost(Duration.ofSeconds(60)).pollInSameThread().pollInterval(Duration.ofMillis(2)).until(() -> {
            reader.pollNext(out);
            return done.call();
        });
    }

    @Test
    void aSnapshotTakenMidStreamContinuesExactlyWhereTheFirstReaderStopped() throws Exception {
        String topic = kafka.createTopic("mid-stream", 2);
        Map<Integer, List<String>> written = kafka.sendSpread(topic, 2, "m", 2_000, 21);
        KafkaSource<String> source = source(topic).setProperty("max.poll.records", "50").build();
        List<KafkaPartitionSplit> splits = source.createSplits(1);

        RecordingOutput first = new RecordingOutput();
        List<KafkaPartitionSplit> snapshot;
        try (SourceReader<String, KafkaPartitionSplit> reader = source.createReader(new RecordingOutput.Context(0, 1, 0))) {
            reader.addSplits(splits);
            pollUntil(reader, first, () -> first.emitted.size() >= 300);
            snapshot = reader.snapshotState(1);
        }
        assertThat(first.emitted.size()).isLessThan(2_000);
        // Each partition's next offset: together, exactly what was read.
        assertThat(snapshot.stream().mapToLong(KafkaPartitionSplit::getStartingOffset).sum())
                .isEqualTo(first.emitted.size());

        RecordingOutput second = new RecordingOutput();
        try (SourceReader<String, KafkaPartitionSplit> reader = source.createReader(new RecordingOutput.Context(0, 1, 0))) {
            reader.addSplits(snapshot);
            pollUntil(reader, second, () -> first.emitted.size() + second.emitted.size() >= 2_000);
        }
        List<String> all = new ArrayList<>(first.values());
        all.addAll(second.values());
        List<String> expected = new ArrayList<>();
        written.values().forEach(expected::addAll);
        assertThat(all).hasSize(2_000).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theFetcherReadsAheadUpToItsQueueButASnapshotHoldsOnlyWhatWasEmitted() throws Exception {
        String topic = kafka.createTopic("read-ahead", 1);
        kafka.sendSpread(topic, 1, "r", 2_000, 23);
        KafkaSource<String> source = source(topic).setProperty("max.poll.records", "20").build();
        RecordingOutput out = new RecordingOutput();
        try (SourceReader<String, KafkaPartitionSplit> reader = source.createReader(new RecordingOutput.Context(0, 1, 0))) {
            KafkaSourceReader<String> kafkaReader = (KafkaSourceReader<String>) reader;
            reader.addSplits(source.createSplits(1));
            // Nothing is polled: the fetcher fills its queue and stops there (backpressure).
            await().atMost(Duration.ofSeconds(60)).until(() -> kafkaReader.queuedFetches() == KafkaSourceReader.FETCH_QUEUE_CAPACITY);

            pollUntil(reader, out, () -> out.emitted.size() >= 30);
            await().atMost(Duration.ofSeconds(60)).until(() -> kafkaReader.queuedFetches() == KafkaSourceReader.FETCH_QUEUE_CAPACITY);
            int emitted = out.emitted.size();
            assertThat(emitted).isLessThan(2_000 - KafkaSourceReader.FETCH_QUEUE_CAPACITY * 20);
            assertThat(reader.snapshotState(1)).extracting(KafkaPartitionSplit::getStartingOffset)
                    .as("the offset after the last record emitted, not after those fetched").containsExactly((long) emitted);
            assertThat(reader.pendingRecords()).isEqualTo(2_000 - emitted);
        }
    }

    @Test
    void isAvailableCompletesWhenRecordsArriveAndPollNextDoesNotWaitForThem() throws Exception {
        String topic = kafka.createTopic("available", 1);
        KafkaSource<String> source = source(topic).build();
        RecordingOutput out = new RecordingOutput();
        try (SourceReader<String, KafkaPartitionSplit> reader = source.createReader(new RecordingOutput.Context(0, 1, 0))) {
            reader.addSplits(source.createSplits(1));
            pollUntil(reader, out, () -> !reader.isAvailable().isDone());
            assertThat(reader.pollNext(out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
            CompletableFuture<Void> available = reader.isAvailable();

            kafka.send(topic, 0, null, "arrived");
            available.get(60, TimeUnit.SECONDS);
            pollUntil(reader, out, () -> out.values().contains("arrived"));
            assertThat(out.values()).containsExactly("arrived");
        }
    }

    @Test
    void closingWakesTheFetcherFromItsPoll() throws Exception {
        String topic = kafka.createTopic("close", 1);
        KafkaSource<String> source = source(topic).build();
        SourceReader<String, KafkaPartitionSplit> reader = source.createReader(new RecordingOutput.Context(0, 1, 0));
        long closeMillis;
        try {
            reader.addSplits(source.createSplits(1));
            pollUntil(reader, new RecordingOutput(), () -> !reader.isAvailable().isDone()); // the fetcher waits in poll
        } finally {
            long start = System.nanoTime();
            reader.close();
            closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
        assertThat(closeMillis).as("woken, not waiting out its poll").isLessThan(KafkaSourceReader.FETCH_POLL_TIMEOUT.toMillis() - 2_000);
    }

    @Test
    void anErrorOnTheFetcherThreadFailsThePollWithKafkasMessage() throws Exception {
        String topic = kafka.createTopic("out-of-range", 1);
        kafka.send(topic, 0, null, "only");
        KafkaSource<String> source = source(topic).setProperty("auto.offset.reset", "none").build();
        RecordingOutput out = new RecordingOutput();
        try (SourceReader<String, KafkaPartitionSplit> reader = source.createReader(new RecordingOutput.Context(0, 1, 0))) {
            reader.addSplits(List.of(new KafkaPartitionSplit(new TopicPartition(topic, 0), 100)));
            assertThatThrownBy(() -> pollUntil(reader, out, () -> false)).satisfies(t -> {
                Throwable failure = t;
                while (!(failure instanceof IOException)) {
                    failure = failure.getCause();
                }
                assertThat(failure).hasMessageContaining("Kafka source subtask 0: reading from Kafka failed")
                        .hasMessageContaining(topic + "-0").hasCauseInstanceOf(OffsetOutOfRangeException.class);
            });
            assertThat(reader.isAvailable()).as("a failure is there to be taken").isDone();
        }
    }

    @Test
    void theOffsetsOfACompletedCheckpointAreCommittedToTheGroup() throws Exception {
        String topic = kafka.createTopic("commit", 2);
        Map<Integer, List<String>> written = kafka.sendSpread(topic, 2, "c", 200, 22);
        String group = "group-" + topic;
        KafkaSource<String> source = source(topic).setGroupId(group).build();
        RecordingOutput out = new RecordingOutput();
        try (SourceReader<String, KafkaPartitionSplit> reader = source.createReader(new RecordingOutput.Context(0, 1, 0))) {
            reader.addSplits(source.createSplits(1));
            pollUntil(reader, out, () -> out.emitted.size() == 200);
            reader.snapshotState(7);
            reader.notifyCheckpointComplete(6); // another checkpoint's completion commits nothing of 7
            pollUntil(reader, out, () -> true);
            assertThat(kafka.committed(group)).isEmpty();

            reader.notifyCheckpointComplete(7);
            Map<TopicPartition, Long> ends = Map.of(new TopicPartition(topic, 0), (long) written.get(0).size(),
                    new TopicPartition(topic, 1), (long) written.get(1).size());
            // The commit is asynchronous: the consumer sends it while the reader goes on polling.
            pollUntil(reader, out, () -> kafka.committed(group).equals(ends));
        }
    }

    /**
     * A burst arriving while the fetcher's queue is full (the subtask is busy): no poll learns of it, yet the backlog
     * an autoscaler reads must count it. Before the fetcher asked the brokers for the ends, pendingRecords stayed at
     * what it was before the burst.
     */
    @Test
    void pendingRecordsCountsABurstThatArrivesWhileTheQueueIsFull() throws Exception {
        String topic = kafka.createTopic("burst", 2);
        kafka.sendSpread(topic, 2, "a", 200, 29);
        KafkaSource<String> source = source(topic).setProperty("max.poll.records", "10").build();
        RecordingOutput out = new RecordingOutput();
        try (SourceReader<String, KafkaPartitionSplit> reader = source.createReader(new RecordingOutput.Context(0, 1, 0))) {
            KafkaSourceReader<String> kafkaReader = (KafkaSourceReader<String>) reader;
            reader.addSplits(source.createSplits(1));
            pollUntil(reader, out, () -> out.emitted.size() >= 5);
            await().atMost(Duration.ofSeconds(60)).until(() -> kafkaReader.queuedFetches() == KafkaSourceReader.FETCH_QUEUE_CAPACITY);
            int emitted = out.emitted.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> reader.pendingRecords() == 200 - emitted);

            kafka.sendSpread(topic, 2, "b", 3_000, 31);

            await().atMost(Duration.ofSeconds(60)).until(() -> reader.pendingRecords() == 3_200 - emitted);
            assertThat(out.emitted).hasSize(emitted);
        }
    }

    @Test
    void eachPartitionHasItsOwnOutputAndABoundedReadReleasesItAndEnds() throws Exception {
        String topic = kafka.createTopic("outputs", 3);
        for (int p = 0; p < 3; p++) {
            for (int i = 0; i < 5; i++) {
                kafka.send(topic, p, 1_000L + i, "p" + p + "-" + i);
            }
        }
        KafkaSource<String> source = source(topic).setBounded(OffsetsInitializer.latest()).build();
        RecordingOutput out = new RecordingOutput();
        InputStatus last;
        try (SourceReader<String, KafkaPartitionSplit> reader = source.createReader(new RecordingOutput.Context(0, 1, 0))) {
            reader.addSplits(source.createSplits(1));
            assertThat(reader.pendingRecords()).as("bounded: known before the first fetch").isEqualTo(15);
            pollUntil(reader, out, () -> out.released.size() == 3);
            last = reader.pollNext(out);
            assertThat(reader.pendingRecords()).isZero();
        }
        assertThat(last).isEqualTo(InputStatus.END_OF_INPUT);
        assertThat(out.splitOutputs).containsOnlyKeys(topic + "-0", topic + "-1", topic + "-2");
        assertThat(out.released).containsExactlyInAnyOrder(topic + "-0", topic + "-1", topic + "-2");
        for (RecordingOutput.Emitted e : out.emitted) {
            assertThat(e.splitId()).isEqualTo(topic + "-" + e.value().charAt(1));
            assertThat(e.timestamp()).isEqualTo(1_000L + Integer.parseInt(e.value().substring(3)));
        }
        assertThat(out.emitted).hasSize(15);
    }

    @Test
    void aReaderWithoutPartitionsWaitsForSomeWhenUnboundedAndEndsWhenBounded() throws Exception {
        String topic = kafka.createTopic("idle", 1);
        RecordingOutput out = new RecordingOutput();
        try (SourceReader<String, KafkaPartitionSplit> reader = source(topic).build()
                .createReader(new RecordingOutput.Context(1, 2, 0))) {
            reader.addSplits(List.of());
            assertThat(reader.pollNext(out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
            assertThat(reader.pollNext(out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);

            // A partition found later (discovery) is read.
            kafka.send(topic, 0, null, "late");
            reader.addSplits(List.of(new KafkaPartitionSplit(new TopicPartition(topic, 0),
                    KafkaPartitionSplit.EARLIEST_OFFSET)));
            pollUntil(reader, out, () -> out.values().contains("late"));
        }
        try (SourceReader<String, KafkaPartitionSplit> reader = source(topic).setBounded(OffsetsInitializer.latest())
                .build().createReader(new RecordingOutput.Context(1, 2, 0))) {
            reader.addSplits(List.of());
            assertThat(reader.pollNext(out)).isEqualTo(InputStatus.END_OF_INPUT);
        }
    }

    @Test
    void anUndeserializableRecordFailsWithItsTopicPartitionAndOffset() throws Exception {
        String topic = kafka.createTopic("poison", 2);
        kafka.send(topic, 1, null, "good-0");
        long offset = kafka.send(topic, 1, null, "bad-1");
        KafkaSource<String> source = source(topic).setValueOnlyDeserializer(new RejectingSchema()).build();
        RecordingOutput out = new RecordingOutput();
        try (SourceReader<String, KafkaPartitionSplit> reader = source.createReader(new RecordingOutput.Context(0, 1, 0))) {
            reader.addSplits(source.createSplits(1));
            assertThatThrownBy(() -> pollUntil(reader, out, () -> false)).satisfies(t -> {
                Throwable failure = t;
                while (!(failure instanceof IOException) || !failure.getMessage().contains("cannot deserialize")) {
                    failure = failure.getCause();
                }
                assertThat(failure).hasMessageContaining("offset " + offset).hasMessageContaining("partition 1")
                        .hasMessageContaining("topic '" + topic + "'").hasMessageContaining("'bad-1' is not a valid record");
            });
            assertThat(out.values()).containsExactly("good-0");
        }
    }

    @Test
    void withSkipAnUndeserializableRecordIsSkippedAndCounted() throws Exception {
        String topic = kafka.createTopic("skip", 1);
        for (String v : List.of("a", "bad-b", "c", "bad-d", "e")) {
            kafka.send(topic, 0, null, v);
        }
        KafkaSource<String> source = source(topic).setValueOnlyDeserializer(new RejectingSchema())
                .setDeserializationFailureHandling(DeserializationFailureHandling.SKIP).build();
        RecordingOutput out = new RecordingOutput();
        try (SourceReader<String, KafkaPartitionSplit> reader = source.createReader(new RecordingOutput.Context(0, 1, 0))) {
            reader.addSplits(source.createSplits(1));
            pollUntil(reader, out, () -> out.values().contains("e"));
            assertThat(out.values()).containsExactly("a", "c", "e");
            assertThat(reader.numRecordsInErrors()).isEqualTo(2);
            // Positions go past skipped records: a restore does not meet them again.
            assertThat(reader.snapshotState(1)).extracting(KafkaPartitionSplit::getStartingOffset).containsExactly(5L);
        }
    }

    @Test
    void fetchLagIsTheReadersClockMinusTheRecordsTimestampAndPendingRecordsComeFromTheFetches() throws Exception {
        String topic = kafka.createTopic("lag", 1);
        for (int i = 0; i < 10; i++) {
            kafka.send(topic, 0, 50_000L + i, "r" + i);
        }
        KafkaSource<String> source = source(topic).setProperty("max.poll.records", "4").build();
        RecordingOutput.Context clock = new RecordingOutput.Context(0, 1, 80_000);
        RecordingOutput out = new RecordingOutput();
        try (SourceReader<String, KafkaPartitionSplit> reader = source.createReader(clock)) {
            reader.addSplits(source.createSplits(1));
            assertThat(reader.currentFetchEventTimeLag()).isEqualTo(-1);
            assertThat(reader.pendingRecords()).as("unbounded, nothing fetched yet").isEqualTo(-1);
            pollUntil(reader, out, () -> out.emitted.size() == 10);
            assertThat(reader.currentFetchEventTimeLag()).isEqualTo(80_000 - 50_009);
            pollUntil(reader, out, () -> reader.pendingRecords() == 0);
            kafka.send(topic, 0, null, "more");
            pollUntil(reader, out, () -> out.values().contains("more"));
        }
    }

    @Test
    void aKafkaDeserializerClassReadsTheValues() throws Exception {
        String topic = kafka.createTopic("deserializer", 1);
        kafka.send(topic, 0, null, "x");
        kafka.send(topic, 0, null, "y");
        KafkaSource<String> source = KafkaSource.<String>builder().setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic).setBounded(OffsetsInitializer.latest())
                .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(StringDeserializer.class)).build();
        RecordingOutput out = new RecordingOutput();
        try (SourceReader<String, KafkaPartitionSplit> reader = source.createReader(new RecordingOutput.Context(0, 1, 0))) {
            reader.addSplits(source.createSplits(1));
            pollUntil(reader, out, () -> reader.pollNext(out) == InputStatus.END_OF_INPUT);
        }
        assertThat(out.values()).containsExactly("x", "y");
    }

    @Test
    void setUnboundedStopsEachPartitionButWaitsForMore() throws Exception {
        String topic = kafka.createTopic("unbounded-stop", 2);
        kafka.send(topic, 0, null, "a");
        kafka.send(topic, 1, null, "b");
        KafkaSource<String> source = source(topic).setUnbounded(OffsetsInitializer.latest()).build();
        assertThat(source.discoveryIntervalMillis()).isPositive();
        kafka.send(topic, 0, null, "c"); // before the splits are made: latest() is resolved then
        RecordingOutput out = new RecordingOutput();
        try (SourceReader<String, KafkaPartitionSplit> reader = source.createReader(new RecordingOutput.Context(0, 1, 0))) {
            reader.addSplits(source.createSplits(1));
            kafka.send(topic, 1, null, "after the stop");
            pollUntil(reader, out, () -> out.released.size() == 2);
            assertThat(reader.pollNext(out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
            assertThat(reader.snapshotState(1)).extracting(KafkaPartitionSplit::isFinished).containsOnly(true);
        }
        assertThat(out.values()).containsExactlyInAnyOrder("a", "b", "c");
    }
}
