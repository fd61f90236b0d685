package io.ebbflow.connector.kafka.source.split;

import io.ebbflow.api.connector.SourceSplit;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * One partition of a Kafka topic, as a split of a {@code KafkaSource}, with the offset of the next record to read
 * and, for a bounded read, the offset it stops before. A reader's checkpoint holds its splits with their next
 * offsets, so a restore (at any parallelism) continues each partition where the checkpoint left it.
 *
 * <p>Flink's class of the same name. A starting offset may be {@link #EARLIEST_OFFSET} or {@link #LATEST_OFFSET}
 * when it is not resolved to a number yet (a partition discovered while the job runs starts at
 * {@link #EARLIEST_OFFSET}); the reader's consumer resolves it.
 */
public final class KafkaPartitionSplit implements SourceSplit {

    private static final long serialVersionUID = 1L;

    /** The stopping offset of a split that never stops (an unbounded read). */
    public static final long NO_STOPPING_OFFSET = Long.MIN_VALUE;
    /** A starting offset: the log end of the partition when the reader starts it. */
    public static final long LATEST_OFFSET = -1;
    /** A starting offset: the earliest record the partition still has. */
    public static final long EARLIEST_OFFSET = -2;

    private final String topic;
    private final int partition;
    private final long startingOffset;
    private final long stoppingOffset;

    public KafkaPartitionSplit(TopicPartition tp, long startingOffset) {
        this(tp, startingOffset, NO_STOPPING_OFFSET);
    }

    public KafkaPartitionSplit(TopicPartition tp, long startingOffset, long stoppingOffset) {
        if (startingOffset < 0 && startingOffset != EARLIEST_OFFSET && startingOffset != LATEST_OFFSET) {
            throw new IllegalArgumentException("invalid starting offset " + startingOffset + " for " + tp);
        }
        if (stoppingOffset < 0 && stoppingOffset != NO_STOPPING_OFFSET) {
            throw new IllegalArgumentException("invalid stopping offset " + stoppingOffset + " for " + tp);
        }
        this.topic = tp.topic();
        this.partition = tp.partition();
        this.startingOffset = startingOffset;
        this.stoppingOffset = stoppingOffset;
    }

    /** {@code <topic>-<partition>}, as Kafka names a partition. */
    public static String toSplitId(TopicPartition tp) {
        return tp.toString();
    }

    @Override
    public String splitId() {
        return topic + "-" + partition;
    }

    public String getTopic() {
        return topic;
    }

    public int getPartition() {
        return partition;
    }

    public TopicPartition getTopicPartition() {
        return new TopicPartition(topic, partition);
    }

    /** The offset of the next record to read, or {@link #EARLIEST_OFFSET} / {@link #LATEST_OFFSET}. */
    public long getStartingOffset() {
        return startingOffset;
    }

    /** The offset this split stops before (exclusive), if it is bounded. */
    public Optional<Long> getStoppingOffset() {
        return stoppingOffset == NO_STOPPING_OFFSET ? Optional.empty() : Optional.of(stoppingOffset);
    }

    /** This split at another starting offset (a reader's position, for a checkpoint). */
    public KafkaPartitionSplit withStartingOffset(long offset) {
        return new KafkaPartitionSplit(getTopicPartition(), offset, stoppingOffset);
    }

    /** Whether nothing is left to read: bounded, and the starting offset reached the stopping offset. */
    public boolean isFinished() {
        return stoppingOffset != NO_STOPPING_OFFSET && startingOffset >= 0 && startingOffset >= stoppingOffset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaPartitionSplit s && s.topic.equals(topic) && s.partition == partition
                && s.startingOffset == startingOffset && s.stoppingOffset == stoppingOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, startingOffset, stoppingOffset);
    }

    @Override
    public String toString() {
        return "KafkaPartitionSplit{" + splitId() + ", start=" + offsetName(startingOffset) + ", stop="
                + (stoppingOffset == NO_STOPPING_OFFSET ? "none" : Long.toString(stoppingOffset)) + "}";
    }

    private static String offsetName(long offset) {
        if (offset == EARLIEST_OFFSET) {
            return "earliest";
        }
        return offset == LATEST_OFFSET ? "latest" : Long.toString(offset);
    }
}
