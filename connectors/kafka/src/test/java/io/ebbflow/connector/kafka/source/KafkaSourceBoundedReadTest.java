package io.ebbflow.connector.kafka.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.serialization.SimpleStringSchema;
import io.ebbflow.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.testing.CollectSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bounded read of a topic with several partitions, at parallelism 1 and 3: every record once, in partition order. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KafkaSourceBoundedReadTest {

    @RegisterExtension
    static final KafkaTestTopics kafka = new KafkaTestTopics();

    @ParameterizedTest(name = "p={0}, seed={1}")
    @CsvSource({"1, 11", "3, 12"})
    void everyRecordOfEveryPartitionIsReadExactlyOnce(int parallelism, long seed) throws Exception {
        int partitions = 4;
        String topic = kafka.createTopic("bounded", partitions);
        Map<Integer, List<String>> written = kafka.sendSpread(topic, partitions, "r", 3_000, seed);
        // Written after the job's stopping offsets were fixed? No: the job starts after these; these are not read.
        String sink = "bounded-" + topic;

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.fromSource(KafkaSource.<String>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setTopics(topic)
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setBounded(OffsetsInitializer.latest())
                        .setValueOnlyDeserializer(new SimpleStringSchema())
                        .build(), WatermarkStrategy.noWatermarks(), "kafka")
                .addSink(new CollectSink<>(sink));
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.run(env, Duration.ofSeconds(120));
        }

        List<String> read = CollectSink.results(sink);
        List<String> expected = new ArrayList<>();
        written.values().forEach(expected::addAll);
        assertThat(read).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
        // Each partition's records arrive in offset order.
        for (List<String> partition : written.values()) {
            assertThat(read.stream().filter(partition::contains).toList()).containsExactlyElementsOf(partition);
        }
    }
}
