package io.ebbflow.connector.kafka.source;

/**
 * What a {@code KafkaSource} does with a record its deserializer cannot read (the schema throws). Ebbflow's own
 * option: Flink's KafkaSource always fails.
 */
public enum DeserializationFailureHandling {
    /** The job fails, with the record's topic, partition and offset in the error (the default, as in Flink). */
    FAIL,
    /**
     * The record is skipped and counted in the source's {@code numRecordsInErrors} metric; a warning names the latest
     * skipped record's topic, partition and offset (at most one warning per subtask every 10 s).
     */
    SKIP
}
