package io.ebbflow.connector.kafka.sink;

import java.io.Serializable;

/**
 * Chooses the partition of each record (as Flink's {@code KafkaPartitioner}); without one, Kafka's producer
 * chooses (by the key's hash, or sticky batches for records without a key).
 */
public interface KafkaPartitioner<T> extends Serializable {

    /** Called once per sink subtask before the first record. */
    default void open(int parallelInstanceId, int parallelInstances) {
    }

    /**
     * @param partitions the partitions of {@code targetTopic}, ascending
     * @return one of {@code partitions}
     */
    int partition(T record, byte[] key, byte[] value, String targetTopic, int[] partitions);
}
