package io.ebbflow.connector.kafka.sink;

import io.ebbflow.kafkalocal.KafkaLocal;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Topics on the shared test broker: fresh names, and everything a consumer can read now. */
final class KafkaTopics {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private KafkaTopics() {
    }

    static String servers() throws IOException {
        return KafkaLocal.shared().bootstrapServers();
    }

    static String create(String name, int partitions) throws Exception {
        String topic = name + "-" + COUNTER.incrementAndGet() + "-" + System.nanoTime();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        return topic;
    }

    /** What a consumer with {@code isolation.level} reads from the beginning to the end it sees now. */
    static Read read(String topic, String isolation) throws Exception {
        Properties c = new Properties();
        c.put("bootstrap.servers", servers());
        c.put("isolation.level", isolation);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " up to " + end);
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    values.add(r.value());
                }
            }
            return new Read(values, end.values().stream().mapToLong(Long::longValue).sum());
        }
    }

    static List<String> committed(String topic) throws Exception {
        return read(topic, "read_committed").values();
    }

    static List<String> uncommitted(String topic) throws Exception {
        return read(topic, "read_uncommitted").values();
    }

    /**
     * @param endOffsets the sum over the partitions of the end offset the consumer sees: for read_committed the last
     *     stable offset, which an open transaction holds back
     */
    record Read(List<String> values, long endOffsets) {
    }
}
