package io.ebbflow.bench.flink;

import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The Kafka benchmark's job in Apache Flink 1.20 with {@code flink-connector-kafka} 3.4.0-1.20, in Flink's
 * MiniCluster: a topic of decimal longs (read from the earliest offset, unbounded) → keyBy(value mod keys) → a count
 * per key in a ValueState → each new count as "key,count" to another topic, with the given delivery guarantee;
 * heap state; checkpoints at the given interval. The counting operator counts its records in a LongAdder, sampled
 * once per second. Fails the measurement if the input runs out before the window ends.
 *
 * <pre>FlinkKafkaCount BOOTSTRAP IN_TOPIC OUT_TOPIC INPUT_RECORDS PARALLELISM GUARANTEE CHECKPOINT_MS WARMUP_S MEASURE_S KEYS</pre>
 *
 * Prints one {@code RESULT} line in the format of Ebbflow's side.
 */
public final class FlinkKafkaCount {

    static final LongAdder PROCESSED = new LongAdder();

    private FlinkKafkaCount() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String in = args[1];
        String out = args[2];
        long inputRecords = Long.parseLong(args[3]);
        int parallelism = Integer.parseInt(args[4]);
        DeliveryGuarantee guarantee = DeliveryGuarantee.valueOf(args[5]);
        long checkpointMillis = Long.parseLong(args[6]);
        int warmupSeconds = Integer.parseInt(args[7]);
        int measureSeconds = Integer.parseInt(args[8]);
        long keys = Long.parseLong(args[9]);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, new Configuration());
        env.enableCheckpointing(checkpointMillis);
        pipeline(env, bootstrap, in, out, keys, guarantee);
        long submitted = System.nanoTime();
        JobClient job = env.executeAsync("KafkaCount");

        String runtime = "flink-1.20.0-kafka-" + guarantee.name().toLowerCase(Locale.ROOT).replace('_', '-');
        FlinkSampler.run(PROCESSED, runtime, parallelism, keys, warmupSeconds, measureSeconds,
                submitted, inputRecords);
        job.cancel();
        System.exit(0);
    }

    /**
     * The job: {@code in} (from the earliest offset, a fresh group) → keyBy(value mod keys) → {@link Count} → {@code out}
     * with the given guarantee (a fresh transactional id prefix).
     */
    static void pipeline(StreamExecutionEnvironment env, String bootstrap, String in, String out, long keys,
            DeliveryGuarantee guarantee) {
        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(in)
                .setGroupId("flink-bench-" + System.nanoTime())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        Properties producer = new Properties();
        // The broker's transaction.max.timeout.ms is 15 min by default; Flink's sink asks for 1 h unless told.
        producer.setProperty("transaction.timeout.ms", "600000");
        KafkaSink<String> sink = KafkaSink.<String>builder()
                .setBootstrapServers(bootstrap)
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder()
                        .setTopic(out)
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(guarantee)
                .setTransactionalIdPrefix("flink-bench-" + System.nanoTime())
                .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "Orders")
                .keyBy(v -> Long.parseLong(v) % keys, Types.LONG)
                .process(new Count()).name("Count")
                .sinkTo(sink).name("Kafka");
    }

    /** The count per key; each new count goes out as "key,count". */
    static final class Count extends KeyedProcessFunction<Long, String, String> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(String value, Context ctx, Collector<String> out) throws Exception {
            Long current = count.value();
            long next = (current == null ? 0 : current) + 1;
            count.update(next);
            PROCESSED.increment();
            out.collect(ctx.getCurrentKey() + "," + next);
        }
    }
}
