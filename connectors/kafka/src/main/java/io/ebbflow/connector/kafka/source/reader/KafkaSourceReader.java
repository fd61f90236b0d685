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
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the Kafka partitions (splits) of one source subtask with one consumer, assigned by hand: no consumer group
 * rebalancing, the positions are the reader's own and go into each checkpoint. Used by its subtask's thread only.
 *
 * <p>{@link #pollNext} never blocks: it takes what the consumer has fetched (at most {@code max.poll.records}),
 * emits each record through its partition's own output (per-partition watermarks) with the record's Kafka timestamp,
 * and returns. Offsets are committed to the group when a checkpoint completes, for monitoring only.
 */
public final class KafkaSourceReader<T> implements SourceReader<T, KafkaPartitionSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceReader.class);
    /** At most one warning about skipped records per subtask in this period. */
    static final long SKIP_WARNING_INTERVAL_MS = 10_000;
    /** Checkpoints whose offsets wait for completion; older ones are forgotten (they will never commit). */
    private static final int MAX_PENDING_COMMITS = 32;

    private final Consumer<byte[], byte[]> consumer;
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
    private final OffsetCommitter commits;
    /** Partitions were added since the last poll and need outputs of their own. */
    private boolean outputsToCreate;
    private long recordsInErrors;
    private long fetchEventTimeLag = -1;

    /**
     * @param consumer a consumer with byte-array deserializers and auto-commit off, not yet assigned; closed with
     *                 this reader
     * @param bounded whether the input ends once every split reached its stopping offset
     * @param groupId the consumer group to commit offsets to, or null for none
     */
    public KafkaSourceReader(Consumer<byte[], byte[]> consumer, KafkaRecordDeserializationSchema<T> deserializer,
            DeserializationFailureHandling onFailure, boolean bounded, String groupId, boolean commitOffsets,
            SourceReaderContext context) {
        this.consumer = consumer;
        this.deserializer = deserializer;
        this.onFailure = onFailure;
        this.bounded = bounded;
        this.commitOffsets = commitOffsets && groupId != null;
        this.context = context;
        this.skipWarnings = new SkipWarnings(context.subtaskIndex());
        this.commits = new OffsetCommitter(consumer, groupId, context);
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
        consumer.assign(partitions.keySet());
        outputsToCreate = true;
        for (KafkaPartitionSplit split : added) {
            TopicPartition tp = split.getTopicPartition();
            long start = split.getStartingOffset();
            if (start == KafkaPartitionSplit.EARLIEST_OFFSET) {
                consumer.seekToBeginning(List.of(tp));
            } else if (start == KafkaPartitionSplit.LATEST_OFFSET) {
                consumer.seekToEnd(List.of(tp));
            } else {
                consumer.seek(tp, start);
            }
        }
        LOG.info("Kafka source subtask {} reads {}", context.subtaskIndex(), added);
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws IOException {
        createSplitOutputs(output);
        if (partitions.isEmpty()) {
            // Unbounded: partitions may still be found (the runtime marks a reader without splits idle downstream).
            return bounded ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
        }
        commits.retryIfDue();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ZERO);
        long fetchTime = context.currentProcessingTimeMillis();
        long lastTimestamp = -1;
        for (TopicPartition tp : records.partitions()) {
            PartitionReader reader = partitions.get(tp);
            if (reader == null) {
                continue; // finished and unassigned since the fetch
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
            fetchEventTimeLag = Math.max(0, fetchTime - lastTimestamp);
        }
        boolean finishedAny = finishBoundedPartitions(output);
        return records.isEmpty() && !finishedAny ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
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
     * Finishes the bounded partitions whose consumer position reached the stopping offset (which the records alone
     * may never show: the last offsets before it can be transaction markers or compacted away). Whether any finished.
     */
    private boolean finishBoundedPartitions(ReaderOutput<T> output) {
        List<TopicPartition> done = new ArrayList<>();
        for (Map.Entry<TopicPartition, PartitionReader> e : partitions.entrySet()) {
            PartitionReader reader = e.getValue();
            if (!reader.bounded()) {
                continue;
            }
            if (!reader.isFinished()) {
                try {
                    reader.position = Math.max(reader.position, consumer.position(e.getKey(), Duration.ZERO));
                } catch (org.apache.kafka.common.errors.TimeoutException notKnownYet) {
                    continue; // the consumer has not resolved where this partition starts yet
                }
            }
            if (reader.isFinished()) {
                done.add(e.getKey());
            }
        }
        done.forEach(tp -> finish(tp, output));
        return !done.isEmpty();
    }

    /** A bounded partition reached its stopping offset: it is unassigned, and its output released. */
    private void finish(TopicPartition tp, ReaderOutput<T> output) {
        PartitionReader reader = partitions.remove(tp);
        finished.put(tp, reader.split.withStartingOffset(reader.stop));
        output.releaseOutputForSplit(reader.split.splitId());
        consumer.assign(partitions.keySet());
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
            commits.commit(checkpointId, offsets);
        }
    }
    /**
     * The records between each partition's position and its end (its stopping offset when bounded), from what the
     * consumer learnt in its latest fetches (no request); -1 while it knows nothing yet.
     */
    @Override
    public long pendingRecords() {
        long pending = 0;
        boolean known = partitions.isEmpty();
        for (Map.Entry<TopicPartition, PartitionReader> e : partitions.entrySet()) {
            PartitionReader r = e.getValue();
            OptionalLong lag = consumer.currentLag(e.getKey());
            long toStop = r.bounded() && r.position >= 0 ? r.stop - r.position : Long.MAX_VALUE;
            long p = Math.min(lag.isPresent() ? lag.getAsLong() : Long.MAX_VALUE, toStop);
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

    @Override
    public long waitMillis() {
        return 5;
    }

    @Override
    public void close() {
        // A cancelled subtask's thread is interrupted: the consumer would not close its connections then.
        boolean interrupted = Thread.interrupted();
        try {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
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
