package io.ebbflow.core.checkpoint;

/** A checkpoint's (or savepoint's) status, with Flink's names as {@code /jobs/:id/checkpoints} shows them. */
public enum CheckpointStatus {
    /** Still waiting for acknowledgements. */
    IN_PROGRESS,
    /** Stored: it can be restored. */
    COMPLETED,
    /** Abandoned (declined, expired, aborted); its statistics carry the failure message. */
    FAILED
}
