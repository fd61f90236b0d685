package io.ebbflow.connector.kafka.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.windowing.TumblingEventTimeWindows;
import io.ebbflow.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.testing.CollectSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Event time from Kafka: records carry their Kafka timestamps, and a source with more subtasks than partitions does
 * not hold back the watermark: a keyed event-time window downstream fires although one subtask reads nothing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaSourceWatermarkTest {

    @RegisterExtension
    static final KafkaTestTopics kafka = new KafkaTestTopics();

    /** A record's value as the key, counted once. */
    static final class KeyAndOne implements KafkaRecordDeserializationSchema<Tuple2<String, Integer>> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Tuple2<String, Integer>> out) {
            out.collect(Tuple2.of(new String(record.value(), StandardCharsets.UTF_8), 1));
        }
    }

    @Test
    void aSubtaskWithoutPartitionsDoesNotHoldBackTheWindows() throws Exception {
        String topic = kafka.createTopic("event-time", 1);
        for (int t = 0; t < 100; t++) {
            kafka.send(topic, 0, (long) t * 10, "k");
        }
        kafka.send(topic, 0, 1_500L, "k"); // the watermark passes the end of the first window
        String sink = "windows-" + topic;

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.setAutoWatermarkInterval(Duration.ofMillis(20));
        env.fromSource(KafkaSource.<Tuple2<String, Integer>>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setTopics(topic)
                        .setDeserializer(new KeyAndOne())
                        .build(), WatermarkStrategy.<Tuple2<String, Integer>>forMonotonousTimestamps(), "kafka")
                .keyBy(t -> t.f0).window(TumblingEventTimeWindows.of(Duration.ofSeconds(1))).sum(1)
                .addSink(new CollectSink<>(sink));
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.start(env);
            await().atMost(Duration.ofSeconds(60)).until(() -> !CollectSink.results(sink).isEmpty());
            runner.cancelAll();
            assertThat(runner.awaitAll(Duration.ofSeconds(60))).isTrue();
            assertThat(runner.failures()).isEmpty();
        }
        assertThat(CollectSink.<Tuple2<String, Integer>>results(sink)).containsExactly(Tuple2.of("k", 100));
    }
}
