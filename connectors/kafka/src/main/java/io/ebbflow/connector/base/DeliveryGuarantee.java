package io.ebbflow.connector.base;

/**
 * What a sink promises about records that reach it before a failure, as Flink's enum of the same name (package
 * {@code org.apache.flink.connector.base}; ours is {@code io.ebbflow.connector.base}, so a Flink job changes only the
 * prefix of its imports).
 */
public enum DeliveryGuarantee {
    /**
     * Every record is written to the external system exactly once, even across failures, restarts and rescales:
     * written in transactions committed when the checkpoint that covers them completes. Readers see records only
     * once committed (Kafka: consumers with {@code isolation.level=read_committed}), so output lags by up to one
     * checkpoint interval.
     */
    EXACTLY_ONCE("exactly-once"),

    /**
     * No record is lost: every record before a checkpoint barrier is acknowledged by the external system before the
     * checkpoint is acknowledged. After a failure, records after the last completed checkpoint are written again.
     */
    AT_LEAST_ONCE("at-least-once"),

    /** Records are handed to the external system without waiting for it: a failure may lose or repeat them. */
    NONE("none");

    private final String description;

    DeliveryGuarantee(String description) {
        this.description = description;
    }

    @Override
    public String toString() {
        return description;
    }
}
