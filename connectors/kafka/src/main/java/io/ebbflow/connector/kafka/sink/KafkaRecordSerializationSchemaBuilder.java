package io.ebbflow.connector.kafka.sink;

import io.ebbflow.api.serialization.SerializationSchema;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Builds a {@link KafkaRecordSerializationSchema} that sends every record to one topic, its value (and key, if a key
 * schema is set) serialized by a {@link SerializationSchema}, its partition chosen by the producer or by a
 * {@link KafkaPartitioner}.
 */
public class KafkaRecordSerializationSchemaBuilder<T> {

    private String topic;
    private SerializationSchema<? super T> valueSchema;
    private SerializationSchema<? super T> keySchema;
    private KafkaPartitioner<? super T> partitioner;

    KafkaRecordSerializationSchemaBuilder() {
    }

    /** The topic every record goes to. It must exist: the sink checks when it starts. */
    public KafkaRecordSerializationSchemaBuilder<T> setTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("the topic must not be empty");
        }
        this.topic = topic;
        return this;
    }

    public <V extends T> KafkaRecordSerializationSchemaBuilder<V> setValueSerializationSchema(
            SerializationSchema<? super V> schema) {
        KafkaRecordSerializationSchemaBuilder<V> self = self();
        self.valueSchema = Objects.requireNonNull(schema, "value serialization schema");
        return self;
    }

    /** Serializes each record's key; without it records have no key. */
    public <V extends T> KafkaRecordSerializationSchemaBuilder<V> setKeySerializationSchema(
            SerializationSchema<? super V> schema) {
        KafkaRecordSerializationSchemaBuilder<V> self = self();
        self.keySchema = Objects.requireNonNull(schema, "key serialization schema");
        return self;
    }

    public <V extends T> KafkaRecordSerializationSchemaBuilder<V> setPartitioner(KafkaPartitioner<? super V> partitioner) {
        KafkaRecordSerializationSchemaBuilder<V> self = self();
        self.partitioner = Objects.requireNonNull(partitioner, "partitioner");
        return self;
    }

    public KafkaRecordSerializationSchema<T> build() {
        if (topic == null) {
            throw new IllegalStateException("no topic: call setTopic(...)");
        }
        if (valueSchema == null) {
            throw new IllegalStateException("no value serialization schema: call setValueSerializationSchema(...)");
        }
        return new TopicSerializationSchema<>(topic, valueSchema, keySchema, partitioner);
    }

    @SuppressWarnings("unchecked")
    private <V extends T> KafkaRecordSerializationSchemaBuilder<V> self() {
        return (KafkaRecordSerializationSchemaBuilder<V>) this;
    }

    /** What the builder builds: one fixed topic, which the sink checks exists when it starts. */
    static final class TopicSerializationSchema<T> implements KafkaRecordSerializationSchema<T> {

        private static final long serialVersionUID = 1L;

        private final String topic;
        private final SerializationSchema<? super T> valueSchema;
        private final SerializationSchema<? super T> keySchema;
        private final KafkaPartitioner<? super T> partitioner;

        TopicSerializationSchema(String topic, SerializationSchema<? super T> valueSchema,
                SerializationSchema<? super T> keySchema, KafkaPartitioner<? super T> partitioner) {
            this.topic = topic;
            this.valueSchema = valueSchema;
            this.keySchema = keySchema;
            this.partitioner = partitioner;
        }

        String topic() {
            return topic;
        }

        @Override
        public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext)
                throws Exception {
            valueSchema.open(context);
            if (keySchema != null) {
                keySchema.open(context);
            }
            if (partitioner != null) {
                partitioner.open(sinkContext.getParallelInstanceId(), sinkContext.getNumberOfParallelInstances());
            }
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
            byte[] value = valueSchema.serialize(element);
            byte[] key = keySchema == null ? null : keySchema.serialize(element);
            Integer partition = partitioner == null ? null
                    : partitioner.partition(element, key, value, topic, context.getPartitionsForTopic(topic));
            return new ProducerRecord<>(topic, partition, timestamp, key, value);
        }
    }
}
