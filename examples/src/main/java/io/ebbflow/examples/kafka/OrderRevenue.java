package io.ebbflow.examples.kafka;

import io.ebbflow.api.DataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.AggregateFunction;
import io.ebbflow.api.functions.ProcessWindowFunction;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.MapFunction;
import io.ebbflow.api.serialization.SimpleStringSchema;
import io.ebbflow.api.utils.ParameterTool;
import io.ebbflow.api.windowing.TimeWindow;
import io.ebbflow.api.windowing.TumblingEventTimeWindows;
import io.ebbflow.connector.base.DeliveryGuarantee;
import io.ebbflow.connector.kafka.sink.KafkaRecordSerializationSchema;
import io.ebbflow.connector.kafka.sink.KafkaSink;
import io.ebbflow.connector.kafka.source.KafkaSource;
import io.ebbflow.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Revenue per customer and minute, from Kafka to Kafka, exactly once: orders (JSON lines, see {@link Order}) from
 * the {@code orders} topic → event-time watermarks per partition (5 s out of orderness, idle partitions ignored after
 * 10 s) → keyBy(customer) → tumbling event-time windows → one {@link Revenue} per customer and window, as a JSON line,
 * to the {@code revenue} topic in Kafka transactions committed with each checkpoint (a {@code read_committed}
 * consumer sees every result once). Feed it with {@link OrderProducer}.
 *
 * <pre>
 * --bootstrap-servers 127.0.0.1:9092  --orders-topic orders  --revenue-topic revenue  --group-id order-revenue
 * --window-seconds 60  --checkpoint-interval-ms 10000  --transactional-id-prefix order-revenue
 * --idleness-seconds 10       a partition without orders for this long no longer holds the watermark back
 * --lookup-latency-us 0       each order waits this long, as for a remote lookup (to see scaling on a laptop)
 * --kafka.&lt;property&gt; value   (any Kafka client property, for the source and the sink, e.g.
 *                             --kafka.default.api.timeout.ms 5000)
 * </pre>
 */
public final class OrderRevenue {

    /** Arguments {@code --kafka.<property> value} are Kafka client properties of the source and the sink. */
    private static final String KAFKA_PROPERTY = "kafka.";

    private OrderRevenue() {
    }

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(params.getLong("checkpoint-interval-ms", 10_000));
        build(env, params);
        env.execute("OrderRevenue");
    }

    /** The job's dataflow, for the tests and the main method. */
    public static void build(StreamExecutionEnvironment env, ParameterTool params) {
        String bootstrap = params.get("bootstrap-servers", "127.0.0.1:9092");
        var source = KafkaSource.<Order>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(params.get("orders-topic", "orders"))
                .setGroupId(params.get("group-id", "order-revenue"))
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new OrderJson())
                .setProperty("partition.discovery.interval.ms", params.get("partition-discovery-interval-ms", "10000"));
        var sink = KafkaSink.<String>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer(KafkaRecordSerializationSchema.<String>builder()
                        .setTopic(params.get("revenue-topic", "revenue"))
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(params.get("transactional-id-prefix", "order-revenue"));
        params.toMap().forEach((key, value) -> {
            if (key.startsWith(KAFKA_PROPERTY)) {
                source.setProperty(key.substring(KAFKA_PROPERTY.length()), value);
                sink.setProperty(key.substring(KAFKA_PROPERTY.length()), value);
            }
        });
        KafkaSource<Order> orders = source.build();
        KafkaSink<String> revenue = sink.build();
        Duration window = Duration.ofSeconds(params.getLong("window-seconds", 60));
        DataStream<Order> stream = env.fromSource(orders, WatermarkStrategy.<Order>forBoundedOutOfOrderness(
                        Duration.ofSeconds(5)).withTimestampAssigner((order, ts) -> order.time())
                .withIdleness(Duration.ofSeconds(params.getLong("idleness-seconds", 10))), "Orders");
        long latencyMicros = params.getLong("lookup-latency-us", 0);
        if (latencyMicros > 0) {
            stream = stream.map(new Lookup(latencyMicros)).name("Lookup");
        }
        stream.keyBy(Order::customer)
                .window(TumblingEventTimeWindows.of(window))
                .aggregate(new SumOrders(), new ToRevenue()).name("Revenue per customer")
                .map(Revenue::toJson).name("To JSON")
                .sinkTo(revenue).name("Revenue topic");
    }

    /**
     * Stands for a call to another service per order (a customer lookup): the subtask waits, without using the
     * CPU, so a laptop shows what one subtask can take and what a second one adds.
     */
    static final class Lookup implements MapFunction<Order, Order> {
        private final long nanos;

        Lookup(long micros) {
            this.nanos = micros * 1_000;
        }

        @Override
        public Order map(Order order) {
            long until = System.nanoTime() + nanos;
            for (long left = nanos; left > 0; left = until - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
            return order;
        }
    }

    /** Orders and cents of one window. */
    static final class SumOrders implements AggregateFunction<Order, long[], long[]> {
        @Override
        public long[] createAccumulator() {
            return new long[2];
        }

        @Override
        public long[] add(Order order, long[] acc) {
            acc[0]++;
            acc[1] += order.amountCents();
            return acc;
        }

        @Override
        public long[] getResult(long[] acc) {
            return acc;
        }

        @Override
        public long[] merge(long[] a, long[] b) {
            return new long[] {a[0] + b[0], a[1] + b[1]};
        }
    }

    /** The customer's revenue in the window that fired. */
    static final class ToRevenue extends ProcessWindowFunction<long[], Revenue, String, TimeWindow> {
        @Override
        public void process(String customer, Context context, Iterable<long[]> sums, Collector<Revenue> out) {
            long[] sum = sums.iterator().next();
            out.collect(new Revenue(customer, context.window().getStart(), context.window().getEnd(), sum[0], sum[1]));
        }
    }
}
