package io.ebbflow.connector.kafka.source.reader;

import io.ebbflow.api.connector.InputStatus;
import io.ebbflow.api.connector.ReaderOutput;
import io.ebbflow.api.connector.SourceReader;
import io.ebbflow.api.connector.SourceReaderContext;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.connector.kafka.source.DeserializationFailureHandling;
import io.ebbflow.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import io.ebbflow.connector.kafka.source.split.KafkaPartitionSplit;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the Kafka partitions (splits) of one source subtask with one consumer, assigned by hand: no consumer group
 * rebalancing, the positions are the reader's own and go into each checkpoint. Called by its subtask's thread only;
 * the consumer belongs to the reader's {@link KafkaFetcher} thread, which polls it and hands the records over.
 *
 * <p>{@link #pollNext} never blocks: it takes one fetch from the fetcher (at most {@code max.poll.records} records),
 * emits each record through its partition's own output (per-partition watermarks) with the record's Kafka timestamp,
 * and returns; {@link #isAvailable()} completes when the next fetch arrives. A partition's position is the offset
 * after the last record emitted (records fetched but not emitted yet are not in a snapshot). Offsets are committed to
 * the group when a checkpoint completes, for monitoring only.
 */
public final class KafkaSourceReader<T> implements SourceReader<T, KafkaPartitionSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceReader.class);
    /** At most one warning about skipped records per subtask in this period. */
    static final long SKIP_WARNING_INTERVAL_MS = 10_000;
    /** Fetches (each at most {@code max.poll.records} records) the fetcher thread reads ahead of what is emitted. */
    public static final int FETCH_QUEUE_CAPACITY = 4;
    /** How long the fetcher thread's poll waits for records; adding splits, a commit or closing wake it sooner. */
    public static final Duration FETCH_POLL_TIMEOUT = Duration.ofSeconds(10);
    /** Checkpoints whose offsets wait for completion; older ones are forgotten (they will never commit). */
    private static final int MAX_PENDING_COMMITS = 32;

    private final KafkaFetcher fetcher;
    private final KafkaRecordDeserializationSchema<T> deserializer;
    private final DeserializationFailureHandling onFailure;
    private final boolean bounded;
    private final boolean commitOffsets;
    private final SourceReaderContext context;
    /** The partitions being read, in the order they were added. */
    private final Map<TopicPartition, PartitionReader> partitions = new LinkedHashMap<>();
    /** Bounded partitions read to their stopping offset: kept in checkpoints so that nobody starts them again. */
    private final Map<TopicPartition, KafkaPartitionSplit> finished = new LinkedHashMap<>();
    private final TreeMap<Long, Map<TopicPartition, OffsetAndMetadata>> pendingCommits = new TreeMap<>();
    private final SkipWarnings skipWarnings;
    /** Partitions were added since the last poll and need outputs of their own. */
    private boolean outputsToCreate;
    private long recordsInErrors;
    private long fetchEventTimeLag = -1;

    /**
     * @param consumer a consumer with byte-array deserializers and auto-commit off, not yet assigned and not used by
     *                 anyone else: from now on the reader's fetcher thread uses it, and closes it with this reader
     * @param bounded whether the input ends once every split reached its stopping offset
     * @param groupId the consumer group to commit offsets to, or null for none
     */
    public KafkaSourceReader(Consumer<byte[], byte[]> consumer, KafkaRecordDeserializationSchema<T> deserializer,
            DeserializationFailureHandling onFailure, boolean bounded, String groupId, boolean commitOffsets,
            SourceReaderContext context) {
        this.deserializer = deserializer;
        this.onFailure = onFailure;
        this.bounded = bounded;
        this.commitOffsets = commitOffsets && groupId != null;
        this.context = context;
        this.skipWarnings = new SkipWarnings(context.subtaskIndex());
        this.fetcher = new KafkaFetcher(consumer, groupId, context);
    }

    @Override
    public void addSplits(List<KafkaPartitionSplit> splits) {
        List<KafkaPartitionSplit> added = new ArrayList<>();
        for (KafkaPartitionSplit split : splits) {
            TopicPartition tp = split.getTopicPartition();
            if (partitions.containsKey(tp) || finished.containsKey(tp)) {
                LOG.warn("Kafka source subtask {}: partition {} is already assigned to it; ignoring {}",
                        context.subtaskIndex(), tp, split);
            } else if (split.isFinished()) {
                finished.put(tp, split);
            } else {
                partitions.put(tp, new PartitionReader(split));
                added.add(split);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        outputsToCreate = true;
        fetcher.add(added);
        LOG.info("Kafka source subtask {} reads {}", context.subtaskIndex(), added);
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws IOException {
        createSplitOutputs(output);
        if (partitions.isEmpty()) {
            // Unbounded: partitions may still be found (the runtime marks a reader without splits idle downstream).
            return bounded ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
        }
        Fetch fetch = fetcher.poll();
        if (fetch == null) {
            return InputStatus.NOTHING_AVAILABLE;
        }
        ConsumerRecords<byte[], byte[]> records = fetch.records();
        long lastTimestamp = -1;
        for (TopicPartition tp : records.partitions()) {
            PartitionReader reader = partitions.get(tp);
            if (reader == null) {
                continue; // finished since the fetch
            }
            for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                if (reader.reachedStop(record.offset())) {
                    break;
                }
                emit(reader, record);
                lastTimestamp = record.timestamp();
            }
        }
        if (lastTimestamp >= 0) {
            fetchEventTimeLag = Math.max(0, fetch.fetchedAt() - lastTimestamp);
        }
        advance(fetch.positions(), output);
        return fetcher.queued() > 0 ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        if (outputsToCreate || (bounded && partitions.isEmpty())) {
            return CompletableFuture.completedFuture(null);
        }
        return fetcher.available();
    }

    /**
     * Emits the records one Kafka record holds, or none if it cannot be deserialized and such records are skipped.
     * The records are emitted after deserializing, so that a failure downstream is not taken for one of the schema.
     */
    private void emit(PartitionReader reader, ConsumerRecord<byte[], byte[]> record) throws IOException {
        List<T> batch = reader.collector.records;
        batch.clear();
        try {
            deserializer.deserialize(record, reader.collector);
        } catch (Exception e) {
            batch.clear();
            String where = "the record at offset " + record.offset() + " of partition " + record.partition()
                    + " of topic '" + record.topic() + "'";
            if (onFailure == DeserializationFailureHandling.FAIL) {
                throw new IOException("Kafka source subtask " + context.subtaskIndex() + ": cannot deserialize " + where
                        + ": " + e, e);
            }
            recordsInErrors++;
            skipWarnings.skipped(where, e, context.currentProcessingTimeMillis());
        }
        reader.position = record.offset() + 1;
        reader.collector.emit(record.timestamp());
    }

    /**
     * The fetch's records are emitted: each partition's position moves to where the consumer stood after that fetch
     * (past offsets without a record too: transaction markers, compacted records), and the bounded partitions that
     * reached their stopping offset (which the records alone may never show) are finished.
     */
    private void advance(Map<TopicPartition, Long> positions, ReaderOutput<T> output) {
        List<TopicPartition> done = new ArrayList<>();
        positions.forEach((tp, position) -> {
            PartitionReader reader = partitions.get(tp);
            if (reader != null) {
                reader.position = Math.max(reader.position, position);
                if (reader.isFinished()) {
                    done.add(tp);
                }
            }
        });
        done.forEach(tp -> finish(tp, output));
    }

    /** A bounded partition reached its stopping offset (the fetcher fetches it no more): its output is released. */
    private void finish(TopicPartition tp, ReaderOutput<T> output) {
        PartitionReader reader = partitions.remove(tp);
        finished.put(tp, reader.split.withStartingOffset(reader.stop));
        output.releaseOutputForSplit(reader.split.splitId());
        LOG.info("Kafka source subtask {} finished {} at offset {}", context.subtaskIndex(), tp, reader.position);
    }

    /** Gives each partition added since the last poll its own output (its own watermarks). */
    private void createSplitOutputs(ReaderOutput<T> output) {
        if (!outputsToCreate) {
            return;
        }
        outputsToCreate = false;
        for (PartitionReader reader : partitions.values()) {
            reader.collector.ensureOutput(output);
        }
    }

    @Override
    public List<KafkaPartitionSplit> snapshotState() {
        List<KafkaPartitionSplit> out = new ArrayList<>();
        partitions.values().forEach(r -> out.add(r.split.withStartingOffset(r.position)));
        out.addAll(finished.values());
        return out;
    }

    @Override
    public List<KafkaPartitionSplit> snapshotState(long checkpointId) {
        List<KafkaPartitionSplit> splits = snapshotState();
        if (commitOffsets) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (KafkaPartitionSplit s : splits) {
                if (s.getStartingOffset() >= 0) {
                    offsets.put(s.getTopicPartition(), new OffsetAndMetadata(s.getStartingOffset()));
                }
            }
            pendingCommits.put(checkpointId, offsets);
            while (pendingCommits.size() > MAX_PENDING_COMMITS) {
                pendingCommits.pollFirstEntry();
            }
        }
        return splits;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Map<TopicPartition, OffsetAndMetadata> offsets = pendingCommits.get(checkpointId);
        pendingCommits.headMap(checkpointId, true).clear();
        if (offsets != null && !offsets.isEmpty()) {
            fetcher.commit(checkpointId, offsets);
        }
    }

    /**
     * The records between each partition's position (the last record emitted) and its end (its stopping offset when
     * bounded), from what the consumer learnt in its latest fetch (no request); -1 while it knows nothing yet.
     */
    @Override
    public long pendingRecords() {
        long pending = 0;
        boolean known = partitions.isEmpty();
        Map<TopicPartition, Long> ends = fetcher.endOffsets();
        for (Map.Entry<TopicPartition, PartitionReader> e : partitions.entrySet()) {
            PartitionReader r = e.getValue();
            Long end = ends.get(e.getKey());
            long toEnd = end != null && r.position >= 0 ? end - r.position : Long.MAX_VALUE;
            long toStop = r.bounded() && r.position >= 0 ? r.stop - r.position : Long.MAX_VALUE;
            long p = Math.min(toEnd, toStop);
            if (p != Long.MAX_VALUE) {
                pending += Math.max(0, p);
                known = true;
            }
        }
        return known ? pending : -1;
    }

    @Override
    public long currentFetchEventTimeLag() {
        return fetchEventTimeLag;
    }

    @Override
    public long numRecordsInErrors() {
        return recordsInErrors;
    }

    /** 0: {@link #isAvailable()} tells when a fetch is there. */
    @Override
    public long waitMillis() {
        return 0;
    }

    /** How many fetches the fetcher thread has read ahead, waiting to be emitted (at most {@link #FETCH_QUEUE_CAPACITY}). */
    public int queuedFetches() {
        return fetcher.queued();
    }

    /** Stops the fetcher thread, which closes the consumer. */
    @Override
    public void close() {
        fetcher.close();
    }

    /** A partition being read: its split as assigned and the offset of the next record. */
    private final class PartitionReader {
        final KafkaPartitionSplit split;
        final SplitCollector collector;
        /** The stopping offset, or {@link KafkaPartitionSplit#NO_STOPPING_OFFSET}. */
        final long stop;
        /** The offset of the next record to read; EARLIEST/LATEST until the first record tells. */
        long position;

        PartitionReader(KafkaPartitionSplit split) {
            this.split = split;
            this.position = split.getStartingOffset();
            this.stop = split.getStoppingOffset().orElse(KafkaPartitionSplit.NO_STOPPING_OFFSET);
            this.collector = new SplitCollector(split.splitId());
        }

        boolean bounded() {
            return stop != KafkaPartitionSplit.NO_STOPPING_OFFSET;
        }

        /** Whether {@code offset} is at or past the stopping offset (per record: no boxing). */
        boolean reachedStop(long offset) {
            return stop != KafkaPartitionSplit.NO_STOPPING_OFFSET && offset >= stop;
        }

        boolean isFinished() {
            return position >= 0 && reachedStop(position);
        }
    }

    /** Collects what the schema makes of one Kafka record, then emits it into the partition's own output. */
    private final class SplitCollector implements Collector<T> {
        private final String splitId;
        final List<T> records = new ArrayList<>(1);
        private ReaderOutput<T> output;

        SplitCollector(String splitId) {
            this.splitId = splitId;
        }

        void ensureOutput(ReaderOutput<T> readerOutput) {
            if (output == null) {
                output = readerOutput.createOutputForSplit(splitId);
            }
        }

        @Override
        public void collect(T record) {
            records.add(record);
        }

        /** Emits the collected records with the Kafka record's timestamp (none if it has none). */
        void emit(long timestamp) {
            for (int i = 0; i < records.size(); i++) {
                if (timestamp >= 0) {
                    output.collect(records.get(i), timestamp);
                } else {
                    output.collect(records.get(i));
                }
            }
            records.clear();
        }
    }
}
