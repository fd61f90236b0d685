package io.ebbflow.connector.kafka.source.enumerator;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

/**
 * Which partitions a {@code KafkaSource} reads: every partition of some topics, of the topics whose names match a
 * pattern, or a fixed set of partitions. The pattern is kept as text: a compiled {@link Pattern} does not survive
 * being shipped to the TaskExecutors field by field.
 */
public final class TopicSelection implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<String> topics;
    private final String pattern;
    private final int patternFlags;
    private final List<TopicPartition> partitions;
    private transient Pattern compiled;

    private TopicSelection(List<String> topics, Pattern pattern, List<TopicPartition> partitions) {
        this.topics = topics;
        this.pattern = pattern == null ? null : pattern.pattern();
        this.patternFlags = pattern == null ? 0 : pattern.flags();
        this.partitions = partitions;
    }

    public static TopicSelection topics(Collection<String> topics) {
        if (topics.isEmpty() || topics.stream().anyMatch(t -> t == null || t.isBlank())) {
            throw new IllegalArgumentException("Kafka source: topics must be non-empty names, were " + topics);
        }
        return new TopicSelection(List.copyOf(new java.util.LinkedHashSet<>(topics)), null, null);
    }

    public static TopicSelection pattern(Pattern pattern) {
        return new TopicSelection(null, Objects.requireNonNull(pattern, "topic pattern"), null);
    }

    public static TopicSelection partitions(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("Kafka source: the set of partitions is empty");
        }
        return new TopicSelection(null, null, List.copyOf(new HashSet<>(partitions)));
    }

    /** The topics named ({@code setTopics}), or null. */
    public List<String> topics() {
        return topics;
    }

    /** Whether a topic belongs to the selection by name (a pattern matches it, or it is one of the topics). */
    public boolean matches(String topic) {
        if (pattern != null) {
            if (compiled == null) {
                compiled = Pattern.compile(pattern, patternFlags);
            }
            return compiled.matcher(topic).matches();
        }
        if (topics != null) {
            return topics.contains(topic);
        }
        return partitions.stream().anyMatch(tp -> tp.topic().equals(topic));
    }

    /** The fixed partitions ({@code setPartitions}), or null. */
    public List<TopicPartition> fixedPartitions() {
        return partitions;
    }

    /** The topics whose partitions are looked up: those named, those of the fixed partitions, or null (a pattern). */
    public Set<String> namedTopics() {
        if (topics != null) {
            return new java.util.LinkedHashSet<>(topics);
        }
        if (partitions != null) {
            Set<String> out = new java.util.TreeSet<>();
            partitions.forEach(tp -> out.add(tp.topic()));
            return out;
        }
        return null;
    }

    /** Keeps the partitions of {@code all} (of the named or matching topics) that this selection reads. */
    public List<TopicPartition> select(Collection<TopicPartition> all) {
        List<TopicPartition> out = new ArrayList<>();
        for (TopicPartition tp : all) {
            if (partitions != null ? partitions.contains(tp) : matches(tp.topic())) {
                out.add(tp);
            }
        }
        out.sort(java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return out;
    }

    @Override
    public String toString() {
        if (topics != null) {
            return "topics " + topics;
        }
        return pattern != null ? "topic pattern '" + pattern + "'" : "partitions " + partitions;
    }
}
