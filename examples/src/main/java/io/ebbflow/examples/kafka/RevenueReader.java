package io.ebbflow.examples.kafka;

import io.ebbflow.api.utils.ParameterTool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints what {@link OrderRevenue} committed to its topic, as a {@code read_committed} consumer sees it (results of
 * transactions not yet committed, or aborted, never show), from the beginning, then follows new ones
 * ({@code --follow false} stops at the end).
 *
 * <pre>
 * java -cp examples/target/examples-kafka.jar io.ebbflow.examples.kafka.RevenueReader \
 *     --bootstrap-servers 127.0.0.1:9092 --topic revenue [--follow false]
 * </pre>
 */
public final class RevenueReader {

    private RevenueReader() {
    }

    public static void main(String[] args) {
        ParameterTool params = ParameterTool.fromArgs(args);
        String topic = params.get("topic", "revenue");
        boolean follow = Boolean.parseBoolean(params.get("follow", "true"));
        Properties props = new Properties();
        props.put("bootstrap.servers", params.get("bootstrap-servers", "127.0.0.1:9092"));
        props.put("isolation.level", "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long count = 0;
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    System.out.println(r.value());
                    count++;
                }
                if (!follow) {
                    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                    if (partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                        System.err.println(count + " results");
                        return;
                    }
                }
            }
        }
    }
}
