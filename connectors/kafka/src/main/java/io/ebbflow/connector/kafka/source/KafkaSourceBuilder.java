package io.ebbflow.connector.kafka.source;

import io.ebbflow.api.connector.Boundedness;
import io.ebbflow.api.serialization.DeserializationSchema;
import io.ebbflow.connector.kafka.source.enumerator.TopicSelection;
import io.ebbflow.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import io.ebbflow.connector.kafka.source.enumerator.initializer.OffsetsInitializerValidator;
import io.ebbflow.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;

/**
 * Builds a {@link KafkaSource}; Flink's builder of the same name and methods, plus
 * {@link #setDeserializationFailureHandling}. Required: bootstrap servers, the topics (or a pattern, or partitions)
 * and a deserializer. By default the source starts at the earliest offsets and never ends.
 */
public final class KafkaSourceBuilder<OUT> {

    private final Map<String, String> properties = new HashMap<>();
    private TopicSelection topics;
    private OffsetsInitializer startingOffsets = OffsetsInitializer.earliest();
    private OffsetsInitializer stoppingOffsets;
    private Boundedness boundedness = Boundedness.CONTINUOUS_UNBOUNDED;
    private KafkaRecordDeserializationSchema<OUT> deserializer;
    private DeserializationFailureHandling onDeserializationFailure = DeserializationFailureHandling.FAIL;

    KafkaSourceBuilder() {
    }

    /** {@code bootstrap.servers}: {@code host:port[,host:port...]}. */
    public KafkaSourceBuilder<OUT> setBootstrapServers(String bootstrapServers) {
        return setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    /** The consumer group the offsets are committed to (for monitoring) and read from by {@code committedOffsets}. */
    public KafkaSourceBuilder<OUT> setGroupId(String groupId) {
        return setProperty(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }

    /** Reads every partition of these topics (which must exist). */
    public KafkaSourceBuilder<OUT> setTopics(List<String> topics) {
        return select(TopicSelection.topics(topics));
    }

    public KafkaSourceBuilder<OUT> setTopics(String... topics) {
        return setTopics(Arrays.asList(topics));
    }

    /** Reads every partition of the topics whose whole name matches {@code topicPattern}, including topics created later. */
    public KafkaSourceBuilder<OUT> setTopicPattern(Pattern topicPattern) {
        return select(TopicSelection.pattern(topicPattern));
    }

    /** Reads exactly these partitions (no discovery). */
    public KafkaSourceBuilder<OUT> setPartitions(Set<TopicPartition> partitions) {
        return select(TopicSelection.partitions(partitions));
    }

    private KafkaSourceBuilder<OUT> select(TopicSelection selection) {
        if (topics != null) {
            throw new IllegalStateException("Kafka source: the partitions to read are already chosen (" + topics
                    + "); use one of setTopics, setTopicPattern or setPartitions");
        }
        topics = selection;
        return this;
    }

    /** Where reading starts in each partition when the job starts without a checkpoint (default: earliest). */
    public KafkaSourceBuilder<OUT> setStartingOffsets(OffsetsInitializer startingOffsets) {
        this.startingOffsets = Objects.requireNonNull(startingOffsets, "starting offsets");
        return this;
    }

    /**
     * Makes the source bounded: each partition is read up to (excluding) the offset {@code stoppingOffsets} gives when
     * the job starts, and the job's input then ends. No partition discovery.
     */
    public KafkaSourceBuilder<OUT> setBounded(OffsetsInitializer stoppingOffsets) {
        this.stoppingOffsets = Objects.requireNonNull(stoppingOffsets, "stopping offsets");
        this.boundedness = Boundedness.BOUNDED;
        return this;
    }

    /**
     * Keeps the source unbounded, but each partition stops at the offset {@code stoppingOffsets} gives; the subtasks
     * then wait (idle) for partitions discovery may find.
     */
    public KafkaSourceBuilder<OUT> setUnbounded(OffsetsInitializer stoppingOffsets) {
        this.stoppingOffsets = Objects.requireNonNull(stoppingOffsets, "stopping offsets");
        this.boundedness = Boundedness.CONTINUOUS_UNBOUNDED;
        return this;
    }

    /** How each Kafka record becomes records of the stream. */
    public KafkaSourceBuilder<OUT> setDeserializer(KafkaRecordDeserializationSchema<OUT> recordDeserializer) {
        this.deserializer = Objects.requireNonNull(recordDeserializer, "record deserializer");
        return this;
    }

    /** Reads only each record's value with {@code deserializationSchema}. */
    public KafkaSourceBuilder<OUT> setValueOnlyDeserializer(DeserializationSchema<OUT> deserializationSchema) {
        return setDeserializer(KafkaRecordDeserializationSchema.valueOnly(deserializationSchema));
    }

    /**
     * What to do with a record the deserializer cannot read: {@link DeserializationFailureHandling#FAIL} the job (the
     * default, Flink's only behaviour) or {@link DeserializationFailureHandling#SKIP} it and count it in
     * {@code numRecordsInErrors}. Ebbflow's own option.
     */
    public KafkaSourceBuilder<OUT> setDeserializationFailureHandling(DeserializationFailureHandling handling) {
        this.onDeserializationFailure = Objects.requireNonNull(handling, "deserialization failure handling");
        return this;
    }

    /** The prefix of the consumers' {@code client.id} ({@code <prefix>-<subtask index>}). */
    public KafkaSourceBuilder<OUT> setClientIdPrefix(String prefix) {
        return setProperty(KafkaSourceOptions.CLIENT_ID_PREFIX, prefix);
    }

    /** A Kafka consumer setting, or one of {@link KafkaSourceOptions}. */
    public KafkaSourceBuilder<OUT> setProperty(String key, String value) {
        properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, () -> "value of " + key));
        return this;
    }

    public KafkaSourceBuilder<OUT> setProperties(Properties props) {
        props.stringPropertyNames().forEach(k -> setProperty(k, props.getProperty(k)));
        return this;
    }

    /**
     * @throws IllegalStateException naming what is missing or inconsistent: no bootstrap servers, no topics, no
     *                               deserializer, committed offsets without a group id, a bad discovery interval
     */
    public KafkaSource<OUT> build() {
        if (isBlank(properties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG))) {
            throw new IllegalStateException("Kafka source: no bootstrap servers (setBootstrapServers)");
        }
        if (topics == null) {
            throw new IllegalStateException("Kafka source: no topics to read (setTopics, setTopicPattern or setPartitions)");
        }
        if (deserializer == null) {
            throw new IllegalStateException("Kafka source: no deserializer (setValueOnlyDeserializer or setDeserializer)");
        }
        for (OffsetsInitializer initializer : new OffsetsInitializer[] {startingOffsets, stoppingOffsets}) {
            if (initializer instanceof OffsetsInitializerValidator v) {
                v.validate(properties);
            }
        }
        String interval = properties.get(KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL_MS);
        if (interval != null) {
            try {
                Long.parseLong(interval.trim());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("Kafka source: " + KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL_MS
                        + " must be a number of milliseconds, was '" + interval + "'");
            }
        }
        if ("true".equalsIgnoreCase(properties.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG))) {
            throw new IllegalStateException("Kafka source: enable.auto.commit=true is not supported: the source commits "
                    + "the offsets of each completed checkpoint (" + KafkaSourceOptions.COMMIT_OFFSETS_ON_CHECKPOINT + ")");
        }
        return new KafkaSource<>(properties, topics, startingOffsets, stoppingOffsets, boundedness, deserializer,
                onDeserializationFailure);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
