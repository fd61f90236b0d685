package io.ebbflow.connector.kafka.source.enumerator.initializer;

import java.io.Serializable;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a {@code KafkaSource} starts reading each partition ({@code setStartingOffsets}) or, for a bounded read,
 * where it stops ({@code setBounded}, exclusive). Flink's interface of the same name and factory methods.
 *
 * <p>Offsets are resolved once, in the JobMaster when the job starts ({@code createSplits}), to numbers: a restart
 * or restore continues from its checkpoint, never from the initializer again. {@link #latest()} is therefore the
 * log end when the job starts, not when a reader gets to the partition.
 */
@SuppressWarnings("deprecation") // Kafka's OffsetResetStrategy: the type Flink users pass to committedOffsets(..)
public interface OffsetsInitializer extends Serializable {

    /**
     * The offset of each partition in {@code partitions} (every one of them gets one, or this fails with a message
     * naming the partitions that have none).
     */
    Map<TopicPartition, Long> getPartitionOffsets(Collection<TopicPartition> partitions,
            PartitionOffsetsRetriever retriever);

    /**
     * What the reader's consumer does when an offset is out of range (deleted by retention, or beyond the end):
     * Kafka's {@code auto.offset.reset}.
     */
    OffsetResetStrategy getAutoOffsetResetStrategy();

    /** The offsets the broker knows, as an initializer asks for them. Calls block (bounded by the API timeout). */
    interface PartitionOffsetsRetriever {

        /** The offsets the source's consumer group committed; partitions without one are absent. */
        Map<TopicPartition, Long> committedOffsets(Collection<TopicPartition> partitions);

        /** The log end offset of each partition (the offset the next record written gets). */
        Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions);

        /** The earliest offset each partition still has. */
        Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions);

        /** The earliest record at or after each timestamp (ms); partitions without such a record are absent. */
        Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch);
    }

    /** The committed offsets of the group; the job fails if a partition has none. Needs a group id. */
    static OffsetsInitializer committedOffsets() {
        return new Initializers.Committed(OffsetResetStrategy.NONE);
    }

    /**
     * The committed offsets of the group; a partition without one starts at its earliest ({@code EARLIEST}) or latest
     * ({@code LATEST}) offset. Needs a group id.
     */
    static OffsetsInitializer committedOffsets(OffsetResetStrategy offsetResetStrategy) {
        return new Initializers.Committed(offsetResetStrategy);
    }

    /** For each partition the first record whose timestamp is at or after {@code timestamp} (ms), else the log end. */
    static OffsetsInitializer timestamp(long timestamp) {
        return new Initializers.Timestamp(timestamp);
    }

    /** The earliest offset of each partition. */
    static OffsetsInitializer earliest() {
        return new Initializers.LogEdge(true);
    }

    /** The log end offset of each partition when the job starts. */
    static OffsetsInitializer latest() {
        return new Initializers.LogEdge(false);
    }

    /**
     * The given offsets; a partition not in the map starts at the group's committed offset if it has one, else at its
     * earliest offset.
     */
    static OffsetsInitializer offsets(Map<TopicPartition, Long> offsets) {
        return new Initializers.Specified(offsets, OffsetResetStrategy.EARLIEST);
    }

    /**
     * The given offsets; a partition not in the map starts at the group's committed offset if it has one, else as
     * {@code offsetResetStrategy} says ({@code NONE}: the job fails).
     */
    static OffsetsInitializer offsets(Map<TopicPartition, Long> offsets, OffsetResetStrategy offsetResetStrategy) {
        return new Initializers.Specified(offsets, offsetResetStrategy);
    }
}
