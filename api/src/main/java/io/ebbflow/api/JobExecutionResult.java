package io.ebbflow.api;

/**
 * What {@code execute()} returns.
 *
 * @param jobId the job's id
 * @param netRuntimeMillis how long the job ran (0 when execute() returns at submission)
 */
public record JobExecutionResult(String jobId, long netRuntimeMillis) {
}
