package io.ebbflow.connector.kafka.source;

import io.ebbflow.kafkalocal.KafkaLocal;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The shared test broker ({@link KafkaLocal#shared()}) seen from a test class: fresh topics, records written to
 * chosen partitions, group offsets. A JUnit extension: register it in a static field
 * ({@code @RegisterExtension static final KafkaTestTopics kafka = new KafkaTestTopics();}); it connects before the
 * class's tests and closes its clients after them.
 */
final class KafkaTestTopics implements BeforeAllCallback, AfterAllCallback {

    private KafkaLocal broker;
    private Admin admin;
    private KafkaProducer<byte[], byte[]> producer;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        broker = KafkaLocal.shared();
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("linger.ms", "0");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    Admin admin() {
        return admin;
    }

    /** A new topic, named after {@code prefix} and unique, with {@code partitions} partitions. */
    String createTopic(String prefix, int partitions) throws Exception {
        String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        awaitLeaders(topic, partitions);
        return topic;
    }

    void addPartitions(String topic, int totalPartitions) throws Exception {
        admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(totalPartitions))).all().get(60, TimeUnit.SECONDS);
        awaitLeaders(topic, totalPartitions);
    }

    /**
     * Waits until the broker leads every partition of a new topic (it answers ListOffsets for them). Writing before
     * that met NOT_LEADER_OR_FOLLOWER, after which the idempotent producer retried with OUT_OF_ORDER_SEQUENCE_NUMBER
     * until its delivery timeout.
     */
    private void awaitLeaders(String topic, int partitions) {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> all = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            all.put(new TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> admin.listOffsets(all).all().get(10, TimeUnit.SECONDS).size() == partitions);
    }

    /** Writes {@code value} (UTF-8) to a partition with a timestamp (null: the producer's clock); waits for the ack. */
    long send(String topic, int partition, Long timestamp, String value) throws Exception {
        return send(topic, partition, timestamp, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    long send(String topic, int partition, Long timestamp, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, partition, timestamp, null, value)).get(60, TimeUnit.SECONDS)
                .offset();
    }

    /**
     * Writes {@code count} records spread over the topic's {@code partitions} by a seeded random choice, values
     * {@code <tag>-<i>}, and waits for every ack. Returns the values written to each partition, in offset order.
     */
    Map<Integer, List<String>> sendSpread(String topic, int partitions, String tag, int count, long seed) throws Exception {
        java.util.Random random = new java.util.Random(seed);
        Map<Integer, List<String>> written = new java.util.TreeMap<>();
        List<java.util.concurrent.Future<?>> acks = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            int partition = random.nextInt(partitions);
            String value = tag + "-" + i;
            written.computeIfAbsent(partition, k -> new java.util.ArrayList<>()).add(value);
            acks.add(producer.send(new ProducerRecord<>(topic, partition, null, null,
                    value.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        }
        producer.flush();
        for (java.util.concurrent.Future<?> ack : acks) {
            ack.get(60, TimeUnit.SECONDS);
        }
        return written;
    }

    /** Deletes the records before {@code offset} of a partition (its earliest offset becomes {@code offset}). */
    void deleteBefore(TopicPartition tp, long offset) throws Exception {
        admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(offset))).all().get(60, TimeUnit.SECONDS);
    }

    void commit(String groupId, Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> om = new HashMap<>();
        offsets.forEach((tp, o) -> om.put(tp, new OffsetAndMetadata(o)));
        admin.alterConsumerGroupOffsets(groupId, om).all().get(60, TimeUnit.SECONDS);
    }

    /** The group's committed offsets (partitions without one are absent). */
    Map<TopicPartition, Long> committed(String groupId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> om = admin.listConsumerGroupOffsets(
                Map.of(groupId, new ListConsumerGroupOffsetsSpec())).partitionsToOffsetAndMetadata(groupId)
                .get(60, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        om.forEach((tp, m) -> {
            if (m != null) {
                out.put(tp, m.offset());
            }
        });
        return out;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(10));
        }
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(10));
        }
    }
}
