package io.ebbflow.web;

/**
 * The status strings of core's checkpoint and savepoint views, which are strings there (not enums), in
 * one place for the web-ui: {@code CheckpointView.status}, {@code SavepointStatus.status} and
 * {@code SavepointRecord.status}.
 */
final class OperationStatus {

    /** A checkpoint that is stored and can be restored. */
    static final String CHECKPOINT_COMPLETED = "COMPLETED";
    /** A checkpoint that was abandoned; its view carries the failure message. */
    static final String CHECKPOINT_FAILED = "FAILED";
    /** A checkpoint still waiting for acknowledgements. */
    static final String CHECKPOINT_IN_PROGRESS = "IN_PROGRESS";

    /** A savepoint still being taken. */
    static final String SAVEPOINT_IN_PROGRESS = "IN_PROGRESS";
    /** A savepoint that ended, successfully (with a location) or not (with a failure cause). */
    static final String SAVEPOINT_COMPLETED = "COMPLETED";

    private OperationStatus() {
    }
}
