package io.ebbflow.api.serialization;

import java.io.Serializable;

/** Turns a record into the bytes of a message (a Kafka record's key or value), as Flink's interface of the same name. */
public interface SerializationSchema<T> extends Serializable {

    /** What a schema may know about where it runs, given once before the first record. */
    interface InitializationContext {
        /** The index of the subtask this schema runs in (0-based). */
        int getSubtaskIndex();

        /** The parallelism of the operator this schema runs in. */
        int getNumberOfParallelSubtasks();
    }

    /** Called once before the first record (the place to create what cannot be serialized with the job). */
    default void open(InitializationContext context) throws Exception {
    }

    byte[] serialize(T element);
}
