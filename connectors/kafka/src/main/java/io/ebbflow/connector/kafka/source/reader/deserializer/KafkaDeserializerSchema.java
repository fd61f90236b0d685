package io.ebbflow.connector.kafka.source.reader.deserializer;

import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.serialization.DeserializationSchema;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/** A record's value through a Kafka {@link Deserializer}, created in each reader from its class. */
final class KafkaDeserializerSchema<T> implements KafkaRecordDeserializationSchema<T> {

    private static final long serialVersionUID = 1L;
    private final Class<? extends Deserializer<T>> deserializerClass;
    private final HashMap<String, String> config;
    private transient Deserializer<T> deserializer;

    KafkaDeserializerSchema(Class<? extends Deserializer<T>> deserializerClass, Map<String, String> config) {
        this.deserializerClass = deserializerClass;
        this.config = new HashMap<>(config);
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        deserializer = deserializerClass.getDeclaredConstructor().newInstance();
        deserializer.configure(config, false);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) throws IOException {
        T value = deserializer.deserialize(record.topic(), record.headers(), record.value());
        if (value != null) {
            out.collect(value);
        }
    }
}
