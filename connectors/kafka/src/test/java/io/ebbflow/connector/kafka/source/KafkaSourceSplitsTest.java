package io.ebbflow.connector.kafka.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.api.serialization.SimpleStringSchema;
import io.ebbflow.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import io.ebbflow.connector.kafka.source.split.KafkaPartitionSplit;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the JobMaster gets from the source against the real broker: the splits and their starting offsets for each
 * {@link OffsetsInitializer}, the splits found when partitions are added, and clear errors for a missing topic and an
 * unreachable broker.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@SuppressWarnings("deprecation") // Kafka's OffsetResetStrategy, as Flink users pass it
class KafkaSourceSplitsTest {

    @RegisterExtension
    static final KafkaTestTopics kafka = new KafkaTestTopics();

    /** Two partitions of 10 records each, timestamps 1000..1009; partition 0 has lost its first 2 records. */
    private String topic;
    private TopicPartition p0;
    private TopicPartition p1;

    @BeforeEach
    void tenRecordsInEachOfTwoPartitions() throws Exception {
        topic = kafka.createTopic("offsets", 2);
        p0 = new TopicPartition(topic, 0);
        p1 = new TopicPartition(topic, 1);
        for (int i = 0; i < 10; i++) {
            kafka.send(topic, 0, 1_000L + i, "p0-" + i);
            kafka.send(topic, 1, 1_000L + i, "p1-" + i);
        }
        kafka.deleteBefore(p0, 2);
    }

    private KafkaSourceBuilder<String> source() {
        return KafkaSource.<String>builder().setBootstrapServers(kafka.bootstrapServers()).setTopics(topic)
                .setValueOnlyDeserializer(new SimpleStringSchema());
    }

    private static Map<TopicPartition, Long> starts(List<KafkaPartitionSplit> splits) {
        return splits.stream().collect(Collectors.toMap(KafkaPartitionSplit::getTopicPartition,
                KafkaPartitionSplit::getStartingOffset));
    }

    @Test
    void earliestStartsAtTheFirstRecordEachPartitionStillHas() {
        assertThat(starts(source().setStartingOffsets(OffsetsInitializer.earliest()).build().createSplits(2)))
                .isEqualTo(Map.of(p0, 2L, p1, 0L));
    }

    @Test
    void latestStartsAtTheLogEndWhenTheJobStarts() {
        assertThat(starts(source().setStartingOffsets(OffsetsInitializer.latest()).build().createSplits(2)))
                .isEqualTo(Map.of(p0, 10L, p1, 10L));
    }

    @Test
    void committedOffsetsStartWhereTheGroupCommitted() throws Exception {
        kafka.commit("g-" + topic, Map.of(p0, 5L, p1, 7L));
        assertThat(starts(source().setGroupId("g-" + topic).setStartingOffsets(OffsetsInitializer.committedOffsets())
                .build().createSplits(2))).isEqualTo(Map.of(p0, 5L, p1, 7L));
    }

    @Test
    void committedOffsetsWithoutACommitFailOrFallBack() throws Exception {
        kafka.commit("g-" + topic, Map.of(p1, 7L));
        assertThatThrownBy(() -> source().setGroupId("g-" + topic).setStartingOffsets(OffsetsInitializer.committedOffsets())
                .build().createSplits(2)).hasMessageContaining("no committed offset for [" + p0 + "]");
        assertThat(starts(source().setGroupId("g-" + topic)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)).build()
                .createSplits(2))).isEqualTo(Map.of(p0, 2L, p1, 7L));
        assertThat(starts(source().setGroupId("g-" + topic)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST)).build()
                .createSplits(2))).isEqualTo(Map.of(p0, 10L, p1, 7L));
        assertThatThrownBy(() -> source().setStartingOffsets(OffsetsInitializer.committedOffsets()).build())
                .hasMessageContaining("setGroupId");
    }

    @Test
    void timestampStartsAtTheFirstRecordAtOrAfterItOrAtTheEnd() {
        assertThat(starts(source().setStartingOffsets(OffsetsInitializer.timestamp(1_004)).build().createSplits(2)))
                .isEqualTo(Map.of(p0, 4L, p1, 4L));
        assertThat(starts(source().setStartingOffsets(OffsetsInitializer.timestamp(5_000)).build().createSplits(2)))
                .isEqualTo(Map.of(p0, 10L, p1, 10L));
    }

    @Test
    void explicitOffsetsAndForTheOthersTheCommittedOrTheEarliest() throws Exception {
        assertThat(starts(source().setStartingOffsets(OffsetsInitializer.offsets(Map.of(p1, 3L))).build()
                .createSplits(2))).isEqualTo(Map.of(p0, 2L, p1, 3L));
        kafka.commit("g-" + topic, Map.of(p0, 6L));
        assertThat(starts(source().setGroupId("g-" + topic).setStartingOffsets(OffsetsInitializer.offsets(Map.of(p1, 3L)))
                .build().createSplits(2))).isEqualTo(Map.of(p0, 6L, p1, 3L));
    }

    @Test
    void boundedSplitsStopWhereTheStoppingInitializerSays() {
        List<KafkaPartitionSplit> splits = source().setStartingOffsets(OffsetsInitializer.timestamp(1_002))
                .setBounded(OffsetsInitializer.timestamp(1_007)).build().createSplits(2);
        assertThat(splits).containsExactly(new KafkaPartitionSplit(p0, 2, 7), new KafkaPartitionSplit(p1, 2, 7));
    }

    @Test
    void addedPartitionsAreDiscoveredFromTheirEarliestOffset() throws Exception {
        KafkaSource<String> source = source().setProperty(KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL_MS, "1000")
                .build();
        assertThat(source.discoveryIntervalMillis()).isEqualTo(1_000);
        Set<String> known = source.createSplits(2).stream().map(KafkaPartitionSplit::splitId).collect(Collectors.toSet());
        assertThat(known).containsExactlyInAnyOrder(topic + "-0", topic + "-1");
        assertThat(source.discoverSplits(known)).isEmpty();

        kafka.addPartitions(topic, 4);
        assertThat(source.discoverSplits(known)).containsExactlyInAnyOrder(
                new KafkaPartitionSplit(new TopicPartition(topic, 2), KafkaPartitionSplit.EARLIEST_OFFSET),
                new KafkaPartitionSplit(new TopicPartition(topic, 3), KafkaPartitionSplit.EARLIEST_OFFSET));
    }

    @Test
    void aTopicPatternDiscoversNewMatchingTopics() throws Exception {
        String prefix = "pattern-" + topic;
        String first = kafka.createTopic(prefix, 1);
        KafkaSource<String> source = KafkaSource.<String>builder().setBootstrapServers(kafka.bootstrapServers())
                .setTopicPattern(Pattern.compile(Pattern.quote(prefix) + "-.*"))
                .setValueOnlyDeserializer(new SimpleStringSchema()).build();
        List<KafkaPartitionSplit> initial = source.createSplits(1);
        assertThat(initial).extracting(KafkaPartitionSplit::splitId).containsExactly(first + "-0");

        String second = kafka.createTopic(prefix, 2);
        kafka.createTopic("other-" + topic, 1);
        assertThat(source.discoverSplits(Set.of(first + "-0"))).extracting(KafkaPartitionSplit::splitId)
                .containsExactlyInAnyOrder(second + "-0", second + "-1");
    }

    @Test
    void discoveryIsOffForBoundedSourcesAndWhenTheIntervalIsNotPositive() {
        assertThat(source().build().discoveryIntervalMillis()).isEqualTo(300_000);
        assertThat(source().setBounded(OffsetsInitializer.latest()).build().discoveryIntervalMillis()).isEqualTo(-1);
        assertThat(source().setProperty(KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL_MS, "0").build()
                .discoveryIntervalMillis()).isEqualTo(-1);
        assertThatThrownBy(() -> source().setProperty(KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL_MS, "5min").build())
                .hasMessageContaining("partition.discovery.interval.ms");
    }

    @Test
    void aMissingTopicIsAClearError() {
        KafkaSource<String> source = KafkaSource.<String>builder().setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic, "no-such-topic-" + topic).setValueOnlyDeserializer(new SimpleStringSchema()).build();
        assertThatThrownBy(() -> source.createSplits(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("topic 'no-such-topic-" + topic + "' does not exist")
                .hasMessageContaining(kafka.bootstrapServers());
    }

    @Test
    void chosenPartitionsAreReadAndAMissingOneIsAClearError() {
        KafkaSourceBuilder<String> chosen = KafkaSource.<String>builder().setBootstrapServers(kafka.bootstrapServers())
                .setPartitions(Set.of(p1)).setValueOnlyDeserializer(new SimpleStringSchema());
        KafkaSource<String> source = chosen.build();
        assertThat(source.createSplits(1)).containsExactly(new KafkaPartitionSplit(p1, 0));
        assertThat(source.discoveryIntervalMillis()).isEqualTo(-1);

        TopicPartition absent = new TopicPartition(topic, 5);
        assertThatThrownBy(() -> KafkaSource.<String>builder().setBootstrapServers(kafka.bootstrapServers())
                .setPartitions(Set.of(p0, absent)).setValueOnlyDeserializer(new SimpleStringSchema()).build()
                .createSplits(1)).hasMessageContaining("partition " + absent + " does not exist");
        assertThatThrownBy(() -> chosen.setTopics(topic)).hasMessageContaining("already chosen");
    }

    @Test
    void anUnreachableBrokerIsAClearErrorWithinTheApiTimeout() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String bootstrap = "127.0.0.1:" + closedPort;
        KafkaSource<String> source = KafkaSource.<String>builder().setBootstrapServers(bootstrap).setTopics(topic)
                .setProperty("default.api.timeout.ms", "2000").setProperty("request.timeout.ms", "1000")
                .setValueOnlyDeserializer(new SimpleStringSchema()).build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> source.createSplits(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'" + bootstrap + "' did not answer within 2000 ms")
                .hasMessageContaining(topic);
        // Liveness only: bounded by the API timeout (2 s here; Kafka's default is 60 s), far from hanging.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void ownersSpreadATopicsPartitionsEvenly() {
        KafkaSource<String> source = source().build();
        for (int parallelism = 1; parallelism <= 5; parallelism++) {
            int[] count = new int[parallelism];
            for (int p = 0; p < 20; p++) {
                count[source.ownerOf(new KafkaPartitionSplit(new TopicPartition(topic, p), 0), parallelism)]++;
            }
            int min = java.util.Arrays.stream(count).min().orElseThrow();
            int max = java.util.Arrays.stream(count).max().orElseThrow();
            assertThat(max - min).as("p=%d: %s", parallelism, java.util.Arrays.toString(count)).isLessThanOrEqualTo(1);
        }
    }
}
