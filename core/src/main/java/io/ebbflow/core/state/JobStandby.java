package io.ebbflow.core.state;

/**
 * A JobMaster waiting to lead a job, as listed in the shared map {@code ebbflow.job-standbys} (key
 * {@code <jobId>/<nodeId>}), written by the standby itself and removed when it leads or stops.
 */
public record JobStandby(String jobId, String nodeId, long since) {
}
