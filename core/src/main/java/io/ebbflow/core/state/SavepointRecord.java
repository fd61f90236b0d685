package io.ebbflow.core.state;

/**
 * The outcome of a savepoint asked for over REST, kept in the cluster so it can still be read after its
 * JobMaster has gone (a stop-with-savepoint ends the job, and with it the JobMaster process).
 *
 * @param status IN_PROGRESS or COMPLETED
 * @param location the savepoint's directory, if it succeeded
 * @param failureCause why it failed, if it did
 */
public record SavepointRecord(String jobId, String requestId, String status, String location, String failureCause) {
}
