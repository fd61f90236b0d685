package io.ebbflow.connector.kafka.source.reader;

import io.ebbflow.api.connector.SourceReaderContext;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a completed checkpoint's offsets to the consumer group, asynchronously, for monitoring only. A commit that
 * fails for a passing reason (the group coordinator is loading, say on a new broker) is sent again a second later, a
 * few times, unless a later checkpoint's commit replaces it; other failures are logged. Used by the thread that owns
 * the consumer (the reader's {@link KafkaFetcher}): the consumer calls back during its polls.
 */
final class OffsetCommitter {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceReader.class);
    static final long RETRY_DELAY_MS = 1_000;
    static final int MAX_ATTEMPTS = 10;

    private final Consumer<byte[], byte[]> consumer;
    private final String groupId;
    private final SourceReaderContext context;
    private long checkpointId = -1;
    private Map<TopicPartition, OffsetAndMetadata> offsets;
    private int attempts;
    /** When the failed commit is sent again (ms, the reader's clock), or -1 if nothing waits. */
    private long retryAt = -1;

    OffsetCommitter(Consumer<byte[], byte[]> consumer, String groupId, SourceReaderContext context) {
        this.consumer = consumer;
        this.groupId = groupId;
        this.context = context;
    }

    /** Commits the offsets of checkpoint {@code id}, replacing any earlier commit still waiting to be retried. */
    void commit(long id, Map<TopicPartition, OffsetAndMetadata> checkpointOffsets) {
        checkpointId = id;
        offsets = checkpointOffsets;
        attempts = 0;
        retryAt = -1;
        send();
    }

    /** Sends a failed commit again if its time has come. */
    void retryIfDue() {
        if (retryAt >= 0 && context.currentProcessingTimeMillis() >= retryAt) {
            retryAt = -1;
            send();
        }
    }

    /** How long (ms) until a failed commit is due to be sent again: 0 if it is, -1 if none waits. */
    long millisUntilRetry() {
        return retryAt < 0 ? -1 : Math.max(0, retryAt - context.currentProcessingTimeMillis());
    }

    private void send() {
        long id = checkpointId;
        attempts++;
        consumer.commitAsync(offsets, (committed, error) -> {
            if (id != checkpointId) {
                return; // a later checkpoint's commit replaced this one
            }
            if (error == null) {
                LOG.debug("Kafka source subtask {} committed {} for checkpoint {}", context.subtaskIndex(), committed, id);
                offsets = null;
            } else if (error instanceof RetriableCommitFailedException && attempts < MAX_ATTEMPTS) {
                LOG.debug("Kafka source subtask {}: committing the offsets of checkpoint {} failed, retrying: {}",
                        context.subtaskIndex(), id, error.toString());
                retryAt = context.currentProcessingTimeMillis() + RETRY_DELAY_MS;
            } else {
                LOG.warn("Kafka source subtask {}: committing the offsets of checkpoint {} to group '{}' failed "
                        + "(they are for monitoring only; reading goes on): {}", context.subtaskIndex(), id, groupId,
                        error.toString());
                offsets = null;
            }
        });
    }
}
