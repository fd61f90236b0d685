package io.ebbflow.api.serialization;

import io.ebbflow.api.functions.Collector;
import java.io.IOException;
import java.io.Serializable;

/**
 * Turns the bytes of a message (a Kafka record's value, for instance) into a record, as Flink's interface of the
 * same name: {@link #deserialize(byte[])} for one record per message, or {@link #deserialize(byte[], Collector)}
 * for none or several. A schema that throws fails the job, with the message's origin (topic, partition, offset)
 * in the error, unless the source was told to skip such messages.
 */
public interface DeserializationSchema<T> extends Serializable {

    /** What a schema may know about where it runs, given once before the first message. */
    interface InitializationContext {
        /** The index of the subtask this schema runs in (0-based). */
        int getSubtaskIndex();

        /** The parallelism of the operator this schema runs in. */
        int getNumberOfParallelSubtasks();
    }

    /** Called once before the first message (the place to create what cannot be serialized with the job). */
    default void open(InitializationContext context) throws Exception {
    }

    /** The record in {@code message}, or null to skip it. */
    T deserialize(byte[] message) throws IOException;

    /** Emits the records in {@code message} (by default the one {@link #deserialize(byte[])} returns, if not null). */
    default void deserialize(byte[] message, Collector<T> out) throws IOException {
        T record = deserialize(message);
        if (record != null) {
            out.collect(record);
        }
    }

    /** Whether {@code nextElement} ends the stream (it is not emitted). */
    default boolean isEndOfStream(T nextElement) {
        return false;
    }
}
