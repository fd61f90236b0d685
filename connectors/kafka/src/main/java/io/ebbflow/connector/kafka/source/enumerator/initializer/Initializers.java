package io.ebbflow.connector.kafka.source.enumerator.initializer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/** The initializers {@link OffsetsInitializer}'s factory methods return. */
@SuppressWarnings("deprecation") // Kafka's OffsetResetStrategy, see OffsetsInitializer
final class Initializers {

    private Initializers() {
    }

    /** The earliest offsets, or the log ends, of the partitions. */
    static final class LogEdge implements OffsetsInitializer {
        private static final long serialVersionUID = 1L;
        private final boolean earliest;

        LogEdge(boolean earliest) {
            this.earliest = earliest;
        }

        @Override
        public Map<TopicPartition, Long> getPartitionOffsets(Collection<TopicPartition> partitions,
                PartitionOffsetsRetriever retriever) {
            return earliest ? retriever.beginningOffsets(partitions) : retriever.endOffsets(partitions);
        }

        @Override
        public OffsetResetStrategy getAutoOffsetResetStrategy() {
            return earliest ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST;
        }

        @Override
        public String toString() {
            return earliest ? "earliest()" : "latest()";
        }
    }

    /** The group's committed offsets; the others by {@code reset} (NONE: none may be missing). */
    static final class Committed implements OffsetsInitializer, OffsetsInitializerValidator {
        private static final long serialVersionUID = 1L;
        private final OffsetResetStrategy reset;

        Committed(OffsetResetStrategy reset) {
            this.reset = java.util.Objects.requireNonNull(reset, "offset reset strategy");
        }

        @Override
        public void validate(Map<String, String> sourceProperties) {
            if (sourceProperties.get("group.id") == null) {
                throw new IllegalStateException("Kafka source: committedOffsets(..) needs a consumer group: "
                        + "call setGroupId(..)");
            }
        }

        @Override
        public Map<TopicPartition, Long> getPartitionOffsets(Collection<TopicPartition> partitions,
                PartitionOffsetsRetriever retriever) {
            return committedOrReset(partitions, reset, retriever, "committedOffsets()");
        }

        @Override
        public OffsetResetStrategy getAutoOffsetResetStrategy() {
            return reset;
        }

        @Override
        public String toString() {
            return "committedOffsets(" + reset + ")";
        }
    }

    /** The first offset at or after a timestamp; the log end where no record is that recent. */
    static final class Timestamp implements OffsetsInitializer {
        private static final long serialVersionUID = 1L;
        private final long timestamp;

        Timestamp(long timestamp) {
            if (timestamp < 0) {
                throw new IllegalArgumentException("timestamp must be >= 0 (ms since the epoch), was " + timestamp);
            }
            this.timestamp = timestamp;
        }

        @Override
        public Map<TopicPartition, Long> getPartitionOffsets(Collection<TopicPartition> partitions,
                PartitionOffsetsRetriever retriever) {
            Map<TopicPartition, Long> search = new LinkedHashMap<>();
            partitions.forEach(tp -> search.put(tp, timestamp));
            Map<TopicPartition, Long> out = new HashMap<>();
            retriever.offsetsForTimes(search).forEach((tp, found) -> {
                if (found != null) {
                    out.put(tp, found.offset());
                }
            });
            fillMissing(partitions, out, OffsetResetStrategy.LATEST, retriever, "timestamp(" + timestamp + ")");
            return out;
        }

        @Override
        public OffsetResetStrategy getAutoOffsetResetStrategy() {
            return OffsetResetStrategy.LATEST;
        }

        @Override
        public String toString() {
            return "timestamp(" + timestamp + ")";
        }
    }

    /** Offsets given per partition; the others from the group's committed offsets, else by {@code reset}. */
    static final class Specified implements OffsetsInitializer {
        private static final long serialVersionUID = 1L;
        private final HashMap<TopicPartition, Long> offsets;
        private final OffsetResetStrategy reset;

        Specified(Map<TopicPartition, Long> offsets, OffsetResetStrategy reset) {
            offsets.forEach((tp, offset) -> {
                if (offset == null || offset < 0) {
                    throw new IllegalArgumentException("offset of " + tp + " must be >= 0, was " + offset);
                }
            });
            this.offsets = new HashMap<>(offsets);
            this.reset = reset;
        }

        @Override
        public Map<TopicPartition, Long> getPartitionOffsets(Collection<TopicPartition> partitions,
                PartitionOffsetsRetriever retriever) {
            Map<TopicPartition, Long> out = new HashMap<>();
            List<TopicPartition> unspecified = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                Long offset = offsets.get(tp);
                if (offset != null) {
                    out.put(tp, offset);
                } else {
                    unspecified.add(tp);
                }
            }
            if (!unspecified.isEmpty()) {
                out.putAll(committedOrReset(unspecified, reset, retriever, "offsets(..)"));
            }
            return out;
        }

        @Override
        public OffsetResetStrategy getAutoOffsetResetStrategy() {
            return reset;
        }

        @Override
        public String toString() {
            return "offsets(" + offsets + ", " + reset + ")";
        }
    }

    /** The group's committed offset of each partition; the others' by {@code reset}. */
    private static Map<TopicPartition, Long> committedOrReset(Collection<TopicPartition> partitions,
            OffsetResetStrategy reset, OffsetsInitializer.PartitionOffsetsRetriever retriever, String initializer) {
        Map<TopicPartition, Long> out = new HashMap<>(retriever.committedOffsets(partitions));
        out.keySet().retainAll(partitions);
        fillMissing(partitions, out, reset, retriever, initializer);
        return out;
    }

    /** Gives each partition of {@code partitions} missing from {@code out} its offset by {@code reset}. */
    private static void fillMissing(Collection<TopicPartition> partitions, Map<TopicPartition, Long> out,
            OffsetResetStrategy reset, OffsetsInitializer.PartitionOffsetsRetriever retriever, String initializer) {
        List<TopicPartition> missing = partitions.stream().filter(tp -> !out.containsKey(tp)).toList();
        if (missing.isEmpty()) {
            return;
        }
        switch (reset) {
            case EARLIEST -> out.putAll(retriever.beginningOffsets(missing));
            case LATEST -> out.putAll(retriever.endOffsets(missing));
            default -> throw new IllegalStateException("Kafka source: " + initializer + " found no committed offset for "
                    + missing + " and has no fallback (use committedOffsets(OffsetResetStrategy.EARLIEST) or LATEST)");
        }
    }
}
