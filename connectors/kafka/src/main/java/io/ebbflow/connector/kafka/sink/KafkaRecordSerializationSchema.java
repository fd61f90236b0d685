package io.ebbflow.connector.kafka.sink;

import io.ebbflow.api.serialization.SerializationSchema;
import java.io.Serializable;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns a record into the Kafka record the sink sends (topic, optional partition, key, value, headers), as Flink's
 * interface of the same name. Implement it for full control, or build one with {@link #builder()} from a topic and
 * value (and key) {@link SerializationSchema}s.
 */
public interface KafkaRecordSerializationSchema<T> extends Serializable {

    /** What the sink tells a schema about where it runs. */
    interface KafkaSinkContext {
        /** The index of the sink subtask (0-based). */
        int getParallelInstanceId();

        /** The sink's parallelism. */
        int getNumberOfParallelInstances();

        /** The partitions of {@code topic}, ascending (from the producer's metadata). */
        int[] getPartitionsForTopic(String topic);
    }

    /** Called once before the first record. */
    default void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext)
            throws Exception {
    }

    /**
     * The Kafka record for {@code element}, or null to send nothing for it.
     *
     * @param timestamp the record's timestamp, if the runtime knows one (else null: the producer's time is used)
     */
    ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp);

    /** A schema from a topic and value (and optional key) serialization schemas. */
    static <T> KafkaRecordSerializationSchemaBuilder<T> builder() {
        return new KafkaRecordSerializationSchemaBuilder<>();
    }
}
