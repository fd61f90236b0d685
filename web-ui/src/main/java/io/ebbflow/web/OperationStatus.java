package io.ebbflow.web;

/**
 * The status strings of a savepoint operation (Flink's asynchronous-operation states), in one place for the
 * web-ui: {@code SavepointStatus.status} and {@code SavepointRecord.status}. (A checkpoint's own status is
 * {@code io.ebbflow.core.checkpoint.CheckpointStatus}.)
 */
final class OperationStatus {

    /** A savepoint still being taken. */
    static final String SAVEPOINT_IN_PROGRESS = "IN_PROGRESS";
    /** A savepoint that ended, successfully (with a location) or not (with a failure cause). */
    static final String SAVEPOINT_COMPLETED = "COMPLETED";

    private OperationStatus() {
    }
}
