package io.ebbflow.connector.kafka.source.reader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Warns about skipped records at most once per {@link KafkaSourceReader#SKIP_WARNING_INTERVAL_MS}, with a count. */
final class SkipWarnings {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceReader.class);

    private final int subtask;
    private long lastWarningAt = Long.MIN_VALUE;
    private long skippedSinceWarning;

    SkipWarnings(int subtask) {
        this.subtask = subtask;
    }

    /** A record was skipped at {@code now} (ms): warns if the last warning is old enough. */
    void skipped(String where, Exception cause, long now) {
        skippedSinceWarning++;
        if (lastWarningAt == Long.MIN_VALUE || now - lastWarningAt >= KafkaSourceReader.SKIP_WARNING_INTERVAL_MS) {
            LOG.warn("Kafka source subtask {} skipped {} record(s) it could not deserialize, the latest {}: {}", subtask,
                    skippedSinceWarning, where, cause.toString());
            lastWarningAt = now;
            skippedSinceWarning = 0;
        }
    }
}
