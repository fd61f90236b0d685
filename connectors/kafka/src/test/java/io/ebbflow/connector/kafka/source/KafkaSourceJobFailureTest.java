package io.ebbflow.connector.kafka.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.serialization.SimpleStringSchema;
import io.ebbflow.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.testing.CollectSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs meeting bad input: a record that cannot be deserialized fails the job with its topic, partition and offset,
 * or is skipped when the source was told so; a missing topic stops the job from starting with a clear error. And
 * {@code latest()} reads only what is written after the job starts.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KafkaSourceJobFailureTest {

    @RegisterExtension
    static final KafkaTestTopics kafka = new KafkaTestTopics();

    private static StreamExecutionEnvironment job(KafkaSource<String> source, int parallelism, String sink) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka").addSink(new CollectSink<>(sink));
        return env;
    }

    private static KafkaSourceBuilder<String> source(String... topics) {
        return KafkaSource.<String>builder().setBootstrapServers(kafka.bootstrapServers()).setTopics(topics)
                .setValueOnlyDeserializer(new RejectingSchema());
    }

    @Test
    void anUndeserializableRecordFailsTheJobNamingTopicPartitionAndOffset() throws Exception {
        String topic = kafka.createTopic("poison-job", 2);
        kafka.send(topic, 0, null, "fine");
        kafka.send(topic, 1, null, "fine too");
        long offset = kafka.send(topic, 1, null, "bad record");
        try (LocalJobRunner runner = new LocalJobRunner(1)) {
            runner.start(job(source(topic).build(), 2, "poison-" + topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> !runner.failures().isEmpty());
            assertThat(runner.failures().values()).anySatisfy(failure -> assertThat(failure)
                    .hasMessageContaining("cannot deserialize the record at offset " + offset + " of partition 1 of topic '"
                            + topic + "'"));
        }
    }

    @Test
    void withSkipTheJobReadsOnWithoutTheBadRecords() throws Exception {
        String topic = kafka.createTopic("skip-job", 2);
        for (String v : List.of("a", "bad-b", "c")) {
            kafka.send(topic, 0, null, v);
        }
        for (String v : List.of("bad-d", "e")) {
            kafka.send(topic, 1, null, v);
        }
        String sink = "skip-" + topic;
        try (LocalJobRunner runner = new LocalJobRunner(1)) {
            runner.run(job(source(topic).setBounded(OffsetsInitializer.latest())
                    .setDeserializationFailureHandling(DeserializationFailureHandling.SKIP).build(), 2, sink),
                    Duration.ofSeconds(120));
        }
        assertThat(CollectSink.<String>results(sink)).containsExactlyInAnyOrder("a", "c", "e");
    }

    @Test
    void aMissingTopicStopsTheJobFromStartingWithAClearError() throws Exception {
        String topic = "never-created-" + System.nanoTime();
        try (LocalJobRunner runner = new LocalJobRunner(1)) {
            assertThatThrownBy(() -> runner.start(job(source(topic).build(), 1, "missing-" + topic)))
                    .hasMessageContaining("topic '" + topic + "' does not exist at bootstrap servers '"
                            + kafka.bootstrapServers() + "'");
        }
    }

    @Test
    void latestReadsOnlyWhatIsWrittenAfterTheJobStarts() throws Exception {
        String topic = kafka.createTopic("latest", 2);
        kafka.send(topic, 0, null, "old-0");
        kafka.send(topic, 1, null, "old-1");
        String sink = "latest-" + topic;
        try (LocalJobRunner runner = new LocalJobRunner(1)) {
            runner.start(job(KafkaSource.<String>builder().setBootstrapServers(kafka.bootstrapServers()).setTopics(topic)
                    .setStartingOffsets(OffsetsInitializer.latest()).setValueOnlyDeserializer(new SimpleStringSchema())
                    .build(), 2, sink));
            kafka.send(topic, 0, null, "new-0");
            kafka.send(topic, 1, null, "new-1");
            await().atMost(Duration.ofSeconds(60)).until(() -> CollectSink.results(sink).size() >= 2);
            runner.cancelAll();
            assertThat(runner.awaitAll(Duration.ofSeconds(60))).isTrue();
        }
        assertThat(CollectSink.<String>results(sink)).containsExactlyInAnyOrder("new-0", "new-1");
    }
}
