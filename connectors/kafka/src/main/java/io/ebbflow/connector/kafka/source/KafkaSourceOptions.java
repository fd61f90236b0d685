package io.ebbflow.connector.kafka.source;

/** The keys a {@code KafkaSource} reads from its properties besides Kafka's own consumer settings (Flink's names). */
public final class KafkaSourceOptions {

    /**
     * How often (ms) the JobMaster looks for new partitions of the source's topics (or new topics matching its
     * pattern); 0 or negative: never. Default 300000 (5 minutes) for an unbounded source; a bounded source never looks.
     */
    public static final String PARTITION_DISCOVERY_INTERVAL_MS = "partition.discovery.interval.ms";
    /** The prefix of the consumers' {@code client.id}: {@code <prefix>-<subtask index>}. */
    public static final String CLIENT_ID_PREFIX = "client.id.prefix";
    /** Whether offsets are committed to the group when a checkpoint completes (default true when a group id is set). */
    public static final String COMMIT_OFFSETS_ON_CHECKPOINT = "commit.offsets.on.checkpoint";

    /** Partition discovery every 5 minutes unless told otherwise (unbounded sources). */
    static final long DEFAULT_DISCOVERY_INTERVAL_MS = 300_000;
    static final String DEFAULT_CLIENT_ID_PREFIX = "ebbflow-kafka-source";

    private KafkaSourceOptions() {
    }
}
