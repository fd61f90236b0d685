package io.ebbflow.connector.kafka.source.reader.deserializer;

import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.serialization.DeserializationSchema;
import java.io.IOException;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record's value through a {@link DeserializationSchema}. */
final class ValueOnlyDeserializationSchema<T> implements KafkaRecordDeserializationSchema<T> {

    private static final long serialVersionUID = 1L;
    private final DeserializationSchema<T> schema;

    ValueOnlyDeserializationSchema(DeserializationSchema<T> schema) {
        this.schema = Objects.requireNonNull(schema, "value deserialization schema");
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        schema.open(context);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) throws IOException {
        schema.deserialize(record.value(), out);
    }
}
