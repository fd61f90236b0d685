package io.ebbflow.connector.kafka.source.reader.deserializer;

import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.serialization.DeserializationSchema;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns a Kafka record (key, value, headers, topic, partition, offset, timestamp) into none, one or several records
 * of the stream. Flink's interface of the same name. A schema that throws fails the job, with the record's topic,
 * partition and offset in the error, unless the source was told to skip such records
 * ({@code KafkaSourceBuilder.setDeserializationFailureHandling}).
 */
public interface KafkaRecordDeserializationSchema<T> extends Serializable {

    /** Called once in each reader before the first record (the place to create what is not serializable). */
    default void open(DeserializationSchema.InitializationContext context) throws Exception {
    }

    /** Emits the records {@code record} holds (none to drop it). */
    void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) throws IOException;

    /**
     * Reads only each record's value, with {@code valueDeserializationSchema}. A record without a value (a
     * tombstone) is given to the schema as {@code null}.
     */
    static <V> KafkaRecordDeserializationSchema<V> valueOnly(DeserializationSchema<V> valueDeserializationSchema) {
        return new ValueOnlyDeserializationSchema<>(valueDeserializationSchema);
    }

    /** Reads only each record's value, with a Kafka {@link Deserializer} of this class (public no-arg constructor). */
    static <V> KafkaRecordDeserializationSchema<V> valueOnly(Class<? extends Deserializer<V>> valueDeserializerClass) {
        return new KafkaDeserializerSchema<>(valueDeserializerClass, Map.of());
    }

    /**
     * Reads only each record's value, with a Kafka {@link Deserializer} of this class, configured with {@code config}
     * ({@code Deserializer.configure(config, false)}).
     */
    static <V, D extends Deserializer<V>> KafkaRecordDeserializationSchema<V> valueOnly(Class<D> valueDeserializerClass,
            Map<String, String> config) {
        return new KafkaDeserializerSchema<>(valueDeserializerClass, config);
    }
}
