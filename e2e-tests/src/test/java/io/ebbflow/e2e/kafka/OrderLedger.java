package io.ebbflow.e2e.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebbflow.examples.kafka.Order;
import io.ebbflow.examples.kafka.OrderJson;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The OrderRevenue tests' orders and what the job must make of them: produces seeded random orders to the orders
 * topic (an idempotent producer), keeps the expected result of every (customer, window), and reads the revenue topic
 * as a {@code read_committed} consumer, failing at once on a result seen twice (exactly once). Used by one thread at
 * a time.
 */
final class OrderLedger implements AutoCloseable {

    static final long WINDOW_MS = 2_000;
    private static final int CUSTOMERS = 20;
    /** Event time advances 20 ms per order: 100 orders per window. */
    private static final long EVENT_STEP_MS = 20;
    private static final long EVENT_START = 1_700_000_000_000L;

    private final String bootstrap;
    private final String orders;
    private final String revenue;
    private final int partitions;
    private final KafkaProducer<String, byte[]> producer;
    private final OrderJson json = new OrderJson();
    private final Random random;
    private final Map<String, long[]> expected = new HashMap<>();
    private long nextOrder;

    OrderLedger(String bootstrap, String orders, String revenue, int partitions, long seed) {
        this.bootstrap = bootstrap;
        this.orders = orders;
        this.revenue = revenue;
        this.partitions = partitions;
        this.random = new Random(seed);
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("enable.idempotence", "true");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** {@code n} more orders: 100 per event-time window, random customers and amounts (seeded). */
    void produce(int n) {
        for (int i = 0; i < n; i++) {
            long id = nextOrder++;
            String customer = "c-" + random.nextInt(CUSTOMERS);
            long time = EVENT_START + id * EVENT_STEP_MS;
            Order order = new Order(id, customer, 100 + random.nextInt(9_900), time);
            long window = time - Math.floorMod(time, WINDOW_MS);
            long[] sum = expected.computeIfAbsent(customer + "@" + window, k -> new long[2]);
            sum[0]++;
            sum[1] += order.amountCents();
            producer.send(new ProducerRecord<>(orders, customer, json.serialize(order)));
        }
        producer.flush();
    }

    /** An order far in the future on every partition, so every real window closes (its own never does). */
    void tick() {
        long far = EVENT_START + (nextOrder + 100_000) * EVENT_STEP_MS;
        for (int p = 0; p < partitions; p++) {
            producer.send(new ProducerRecord<>(orders, p, "tick", json.serialize(new Order(-1, "tick", 0, far))));
        }
        producer.flush();
    }

    /**
     * Waits until every expected result is there; each must be there once, with the expected sums.
     * {@code describe} says what the job was doing when the wait fails.
     */
    Map<String, long[]> awaitAllResults(Duration timeout, Supplier<String> describe) {
        Map<String, long[]>[] last = new Map[1];
        await().atMost(timeout).untilAsserted(() -> {
            last[0] = readCommitted();
            assertThat(last[0].keySet()).as(describe).containsAll(expected.keySet());
        });
        Map<String, long[]> seen = last[0];
        assertThat(seen.keySet()).as("no result for a window that had no orders").isEqualTo(expected.keySet());
        expected.forEach((key, sum) -> assertThat(seen.get(key)).as(key).containsExactly(sum));
        return seen;
    }

    /**
     * Every result in the revenue topic a read_committed consumer sees, by customer and window start; a result seen
     * twice fails the test at once (exactly once).
     */
    Map<String, long[]> readCommitted() {
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        c.put("isolation.level", "read_committed");
        Map<String, long[]> seen = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(revenue, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    JsonObject result = new JsonObject(r.value());
                    String key = result.getString("customer") + "@" + result.getLong("windowStart");
                    long[] sums = {result.getLong("orders"), result.getLong("amountCents")};
                    if (seen.put(key, sums) != null) {
                        duplicates.add(key + " at offset " + r.offset());
                    }
                }
            }
        }
        assertThat(duplicates).as("results seen more than once").isEmpty();
        return seen;
    }

    @Override
    public void close() {
        producer.close();
    }
}
