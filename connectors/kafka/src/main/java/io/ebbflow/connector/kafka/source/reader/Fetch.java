package io.ebbflow.connector.kafka.source.reader;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * What one {@code poll} of the fetcher's consumer returned, handed to the reader's thread.
 *
 * @param records the records, in offset order per partition
 * @param positions the consumer's position, right after that poll, of each partition whose position moved since the
 *                  previous fetch handed over (or became known): the offset after these records and after any
 *                  offsets without a record (transaction markers, compacted records) that the poll passed
 * @param fetchedAt when the poll returned (ms, the reader's clock)
 */
record Fetch(ConsumerRecords<byte[], byte[]> records, Map<TopicPartition, Long> positions, long fetchedAt) {
}
