package io.ebbflow.examples.kafka;

import io.ebbflow.api.utils.ParameterTool;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Feeds {@link OrderRevenue}: orders as JSON lines at a chosen rate, keyed by customer, with event times that follow
 * the wall clock (or, with {@code --event-time-start}, a clock of their own that advances {@code 1000 / rate} ms per
 * order, so a run is the same every time). Creates the topics if they are missing.
 *
 * <pre>
 * java -cp examples/target/examples-kafka.jar io.ebbflow.examples.kafka.OrderProducer \
 *     --bootstrap-servers 127.0.0.1:9092 --topic orders --partitions 8 --rate 2000 [--count 100000]
 *     [--customers 50] [--seed 1] [--event-time-start 0] [--also-create revenue]
 * </pre>
 * {@code --count 0} (the default) produces until stopped.
 */
public final class OrderProducer {

    private OrderProducer() {
    }

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        String bootstrap = params.get("bootstrap-servers", "127.0.0.1:9092");
        String topic = params.get("topic", "orders");
        int partitions = params.getInt("partitions", 8);
        double rate = params.getDouble("rate", 1000);
        long count = params.getLong("count", 0);
        int customers = params.getInt("customers", 50);
        Random random = new Random(params.getLong("seed", 1));
        long eventTimeStart = params.getLong("event-time-start", -1);
        if (rate <= 0 || customers <= 0 || partitions <= 0) {
            throw new IllegalArgumentException("--rate, --customers and --partitions must be positive");
        }
        String other = params.get("also-create", null);
        createTopics(bootstrap, partitions, other == null ? new String[] {topic} : new String[] {topic, other});

        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("linger.ms", "5");
        props.put("enable.idempotence", "true");
        props.put("acks", "all");
        AtomicReference<Exception> failed = new AtomicReference<>();
        OrderJson json = new OrderJson();
        long nanosPerOrder = (long) (1e9 / rate);
        long started = System.nanoTime();
        long sent = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            while ((count == 0 || sent < count) && failed.get() == null) {
                long due = started + sent * nanosPerOrder;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String customer = "c-" + random.nextInt(customers);
                long time = eventTimeStart >= 0 ? eventTimeStart + sent * 1000 / (long) Math.max(1, rate) : System.currentTimeMillis();
                Order order = new Order(sent, customer, 100 + random.nextInt(9_900), time);
                producer.send(new ProducerRecord<>(topic, customer, json.serialize(order)), (metadata, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
                sent++;
                if (sent % Math.max(1, (long) rate * 10) == 0) {
                    System.out.printf("%d orders sent to '%s'%n", sent, topic);
                }
            }
            producer.flush();
        }
        if (failed.get() != null) {
            System.err.println("OrderProducer: sending to '" + topic + "' at " + bootstrap + " failed: " + failed.get());
            System.exit(1);
        }
        System.out.printf("%d orders sent to '%s' in %.1f s%n", sent, topic, (System.nanoTime() - started) / 1e9);
    }

    /**
     * Creates the topics that are missing, with {@code partitions} partitions each, and returns once the broker leads
     * every partition (answers ListOffsets for it): writing at once to a new topic met NOT_LEADER_OR_FOLLOWER, after
     * which an idempotent producer retried OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout.
     */
    public static void createTopics(String bootstrap, int partitions, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "default.api.timeout.ms", "30000"))) {
            for (String t : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(t, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
                    System.out.printf("created topic '%s' with %d partitions%n", t, partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                int count = admin.describeTopics(List.of(t)).allTopicNames().get(30, TimeUnit.SECONDS).get(t)
                        .partitions().size();
                Map<TopicPartition, OffsetSpec> all = new HashMap<>();
                for (int p = 0; p < count; p++) {
                    all.put(new TopicPartition(t, p), OffsetSpec.latest());
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (true) {
                    try {
                        admin.listOffsets(all).all().get(10, TimeUnit.SECONDS);
                        break;
                    } catch (ExecutionException e) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("the broker at " + bootstrap + " does not lead every "
                                    + "partition of '" + t + "' after 60 s", e);
                        }
                        TimeUnit.MILLISECONDS.sleep(100); // a new topic's leaders are being elected
                    }
                }
            }
        }
    }
}
