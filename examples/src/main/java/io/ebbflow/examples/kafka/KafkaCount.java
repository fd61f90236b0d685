package io.ebbflow.examples.kafka;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.KeyedProcessFunction;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.serialization.SimpleStringSchema;
import io.ebbflow.api.state.ValueState;
import io.ebbflow.api.state.ValueStateDescriptor;
import io.ebbflow.api.utils.ParameterTool;
import io.ebbflow.connector.base.DeliveryGuarantee;
import io.ebbflow.connector.kafka.sink.KafkaRecordSerializationSchema;
import io.ebbflow.connector.kafka.sink.KafkaSink;
import io.ebbflow.connector.kafka.source.KafkaSource;
import io.ebbflow.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Kafka benchmarks' job as a job jar for a cluster: a topic of decimal longs (from the earliest offset, unbounded)
 * → keyBy(value mod keys) → a count per key in keyed state → each new count as "key,count" to another topic, with
 * the given delivery guarantee and a checkpoint at the given interval. With {@code --samples-dir}, every JVM that
 * runs counting subtasks writes how many records they have taken in, every 100 ms, to a file of its own there (see
 * {@link RecordsInSamples}); {@code kafka-scale-out} reads them to see rates and pauses across a rescale.
 *
 * <pre>
 * --bootstrap-servers 127.0.0.1:9092  --in in  --out out  --group-id kafka-count  --transactional-id-prefix kafka-count
 * --keys 10000  --guarantee EXACTLY_ONCE  --checkpoint-interval-ms 10000  [--samples-dir DIR]
 * </pre>
 */
public final class KafkaCount {

    private KafkaCount() {
    }

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(params.getLong("checkpoint-interval-ms", 10_000));
        build(env, params);
        env.execute("KafkaCount");
    }

    /** The job's dataflow. */
    public static void build(StreamExecutionEnvironment env, ParameterTool params) {
        String bootstrap = params.get("bootstrap-servers", "127.0.0.1:9092");
        long keys = params.getLong("keys", 10_000);
        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(params.getRequired("in"))
                .setGroupId(params.get("group-id", "kafka-count"))
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        KafkaSink<String> sink = KafkaSink.<String>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer(KafkaRecordSerializationSchema.<String>builder()
                        .setTopic(params.getRequired("out"))
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.valueOf(params.get("guarantee", "EXACTLY_ONCE")))
                .setTransactionalIdPrefix(params.get("transactional-id-prefix", "kafka-count"))
                .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "Numbers")
                .keyBy(v -> Long.parseLong(v) % keys)
                .process(new Count(params.get("samples-dir", null))).name("Count")
                .sinkTo(sink).name("Kafka");
    }

    /** The count per key; each new count goes out as "key,count". */
    static final class Count extends KeyedProcessFunction<Long, String, String> {
        private final String samplesDir;
        private transient ValueState<Long> count;
        private transient LongAdder recordsIn;

        Count(String samplesDir) {
            this.samplesDir = samplesDir;
        }

        @Override
        public void open(RuntimeContext context) {
            count = context.getState(new ValueStateDescriptor<>("count", Long.class));
            recordsIn = samplesDir == null ? new LongAdder() : RecordsInSamples.counter(Path.of(samplesDir));
        }

        @Override
        public void processElement(String value, Context ctx, Collector<String> out) throws Exception {
            Long current = count.value();
            long next = (current == null ? 0 : current) + 1;
            count.update(next);
            recordsIn.increment();
            out.collect(ctx.getCurrentKey() + "," + next);
        }
    }
}
