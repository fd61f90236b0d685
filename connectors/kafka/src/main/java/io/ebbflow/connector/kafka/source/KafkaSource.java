package io.ebbflow.connector.kafka.source;

import io.ebbflow.api.connector.Boundedness;
import io.ebbflow.api.connector.Source;
import io.ebbflow.api.connector.SourceReader;
import io.ebbflow.api.connector.SourceReaderContext;
import io.ebbflow.api.serialization.DeserializationSchema;
import io.ebbflow.connector.kafka.source.enumerator.KafkaMetadataClient;
import io.ebbflow.connector.kafka.source.enumerator.TopicSelection;
import io.ebbflow.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import io.ebbflow.connector.kafka.source.reader.KafkaSourceReader;
import io.ebbflow.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import io.ebbflow.connector.kafka.source.split.KafkaPartitionSplit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads Kafka topics: each partition is a split, read by one subtask with a consumer assigned to it by hand (no
 * consumer group rebalancing). Flink's class of the same name; build one with {@link #builder()}:
 *
 * <pre>{@code
 * KafkaSource<String> source = KafkaSource.<String>builder()
 *         .setBootstrapServers("127.0.0.1:9092")
 *         .setTopics("orders")
 *         .setGroupId("order-revenue")
 *         .setStartingOffsets(OffsetsInitializer.earliest())
 *         .setValueOnlyDeserializer(new SimpleStringSchema())
 *         .build();
 * env.fromSource(source, WatermarkStrategy.forMonotonousTimestamps(), "orders");
 * }</pre>
 *
 * <p>The splits and their starting (and, bounded, stopping) offsets are resolved in the JobMaster when the job starts;
 * each checkpoint holds every partition's next offset, so a restore, at any parallelism, reads each record after the
 * checkpoint once and none before it. New partitions are found every {@code partition.discovery.interval.ms} and read
 * from their earliest offset. Offsets are committed to the group when a checkpoint completes, for monitoring only.
 */
public final class KafkaSource<OUT> implements Source<OUT, KafkaPartitionSplit> {

    private static final long serialVersionUID = 1L;
    /** Keys of the source's properties that are not the consumer's. */
    private static final Set<String> SOURCE_ONLY_KEYS = Set.of(KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL_MS,
            KafkaSourceOptions.CLIENT_ID_PREFIX, KafkaSourceOptions.COMMIT_OFFSETS_ON_CHECKPOINT);

    private final HashMap<String, String> properties;
    private final TopicSelection topics;
    private final OffsetsInitializer startingOffsets;
    /** Where each partition stops (exclusive), or null to read on forever. */
    private final OffsetsInitializer stoppingOffsets;
    private final Boundedness boundedness;
    private final KafkaRecordDeserializationSchema<OUT> deserializer;
    private final DeserializationFailureHandling onDeserializationFailure;

    KafkaSource(Map<String, String> properties, TopicSelection topics, OffsetsInitializer startingOffsets,
            OffsetsInitializer stoppingOffsets, Boundedness boundedness, KafkaRecordDeserializationSchema<OUT> deserializer,
            DeserializationFailureHandling onDeserializationFailure) {
        this.properties = new HashMap<>(properties);
        this.topics = topics;
        this.startingOffsets = startingOffsets;
        this.stoppingOffsets = stoppingOffsets;
        this.boundedness = boundedness;
        this.deserializer = deserializer;
        this.onDeserializationFailure = onDeserializationFailure;
    }

    public static <OUT> KafkaSourceBuilder<OUT> builder() {
        return new KafkaSourceBuilder<>();
    }

    @Override
    public Boundedness getBoundedness() {
        return boundedness;
    }

    /** The partitions of the topics, each at the offset the starting initializer gives (and the stopping one). */
    @Override
    public List<KafkaPartitionSplit> createSplits(int parallelism) {
        try (KafkaMetadataClient brokers = metadataClient()) {
            List<TopicPartition> partitions = brokers.partitions(topics);
            return splits(partitions, startingOffsets.getPartitionOffsets(partitions, brokers), brokers);
        }
    }

    /** The partitions that appeared (not in {@code knownSplitIds}), from their earliest offset. */
    @Override
    public List<KafkaPartitionSplit> discoverSplits(Set<String> knownSplitIds) {
        try (KafkaMetadataClient brokers = metadataClient()) {
            List<TopicPartition> found = new ArrayList<>();
            for (TopicPartition tp : brokers.partitions(topics)) {
                if (!knownSplitIds.contains(KafkaPartitionSplit.toSplitId(tp))) {
                    found.add(tp);
                }
            }
            Map<TopicPartition, Long> earliest = new HashMap<>();
            found.forEach(tp -> earliest.put(tp, KafkaPartitionSplit.EARLIEST_OFFSET));
            return splits(found, earliest, brokers);
        }
    }

    private List<KafkaPartitionSplit> splits(List<TopicPartition> partitions, Map<TopicPartition, Long> starts,
            KafkaMetadataClient brokers) {
        Map<TopicPartition, Long> stops = stoppingOffsets == null || partitions.isEmpty() ? Map.of()
                : stoppingOffsets.getPartitionOffsets(partitions, brokers);
        List<KafkaPartitionSplit> splits = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Long start = starts.get(tp);
            if (start == null) {
                throw new IllegalStateException("Kafka source: the starting offsets " + startingOffsets
                        + " gave no offset for " + tp);
            }
            long stop = KafkaPartitionSplit.NO_STOPPING_OFFSET;
            if (stoppingOffsets != null) {
                Long s = stops.get(tp);
                if (s == null) {
                    throw new IllegalStateException("Kafka source: the stopping offsets " + stoppingOffsets
                            + " gave no offset for " + tp);
                }
                stop = s;
            }
            splits.add(new KafkaPartitionSplit(tp, start, stop));
        }
        return splits;
    }

    /** Spreads a topic's partitions over the subtasks in turn, each topic from its own subtask. */
    @Override
    public int ownerOf(KafkaPartitionSplit split, int parallelism) {
        int first = Math.floorMod(split.getTopic().hashCode() * 31, parallelism);
        return (first + split.getPartition()) % parallelism;
    }

    /** {@code partition.discovery.interval.ms} for an unbounded source (default 5 minutes), else -1. */
    @Override
    public long discoveryIntervalMillis() {
        if (boundedness == Boundedness.BOUNDED || topics.fixedPartitions() != null) {
            return -1;
        }
        String value = properties.get(KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL_MS);
        long interval = value == null ? KafkaSourceOptions.DEFAULT_DISCOVERY_INTERVAL_MS : Long.parseLong(value.trim());
        return interval > 0 ? interval : -1;
    }

    @Override
    public SourceReader<OUT, KafkaPartitionSplit> createReader(SourceReaderContext context) {
        try {
            deserializer.open(new DeserializationSchema.InitializationContext() {
                @Override
                public int getSubtaskIndex() {
                    return context.subtaskIndex();
                }

                @Override
                public int getNumberOfParallelSubtasks() {
                    return context.parallelism();
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("Kafka source: opening the deserializer failed: " + e, e);
        }
        KafkaConsumer<byte[], byte[]> consumer;
        try {
            consumer = new KafkaConsumer<>(consumerProperties(context.subtaskIndex()));
        } catch (KafkaException e) {
            throw new IllegalStateException("Kafka source: cannot create a consumer for bootstrap servers '"
                    + properties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + "': " + e.getMessage(), e);
        }
        String groupId = properties.get(ConsumerConfig.GROUP_ID_CONFIG);
        boolean commit = Boolean.parseBoolean(properties.getOrDefault(KafkaSourceOptions.COMMIT_OFFSETS_ON_CHECKPOINT,
                "true"));
        return new KafkaSourceReader<>(consumer, deserializer, onDeserializationFailure,
                boundedness == Boundedness.BOUNDED, groupId, commit, context);
    }

    /**
     * The consumer's settings: the user's, with byte-array deserializers, auto-commit off, {@code client.id}
     * {@code <prefix>-<subtask>} and, unless set, {@code auto.offset.reset} from the starting offsets and
     * {@code receive.buffer.bytes} -1 (the operating system's socket buffer, see {@link #RECEIVE_BUFFER_BYTES}).
     */
    /**
     * The source's default {@code receive.buffer.bytes}: -1, the operating system's socket buffer (auto-tuned on
     * Linux, up to {@code net.ipv4.tcp_rmem}'s maximum), where Kafka's consumer asks for 64 KiB. The consumer reads a
     * fetch response from the socket only while its thread is in {@code poll}: while the reader's fetcher thread
     * waits for room in its queue the broker can send no more than the socket buffer holds. (Before the reader had
     * a fetcher thread, a fetch of several MiB came in 64 KiB at a time, one per poll of the subtask's thread.)
     */
    static final String RECEIVE_BUFFER_BYTES = "-1";

    @SuppressWarnings("deprecation") // Kafka's OffsetResetStrategy, see OffsetsInitializer
    Properties consumerProperties(int subtaskIndex) {
        Properties props = new Properties();
        properties.forEach((k, v) -> {
            if (!SOURCE_ONLY_KEYS.contains(k)) {
                props.put(k, v);
            }
        });
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix() + "-" + subtaskIndex);
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                startingOffsets.getAutoOffsetResetStrategy().name().toLowerCase(Locale.ROOT));
        props.putIfAbsent(ConsumerConfig.RECEIVE_BUFFER_CONFIG, RECEIVE_BUFFER_BYTES);
        return props;
    }

    private KafkaMetadataClient metadataClient() {
        return KafkaMetadataClient.create(properties, clientIdPrefix() + "-enumerator");
    }

    private String clientIdPrefix() {
        return properties.getOrDefault(KafkaSourceOptions.CLIENT_ID_PREFIX, KafkaSourceOptions.DEFAULT_CLIENT_ID_PREFIX);
    }

    /** The properties the source was built with (Kafka's and its own), for inspection. */
    public Map<String, String> getProperties() {
        return Map.copyOf(properties);
    }

    @Override
    public String toString() {
        return "KafkaSource{" + topics + " at '" + properties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + "', start "
                + startingOffsets + (stoppingOffsets == null ? "" : ", stop " + stoppingOffsets) + "}";
    }
}
