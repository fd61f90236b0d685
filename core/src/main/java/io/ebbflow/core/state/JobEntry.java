package io.ebbflow.core.state;

import io.ebbflow.core.job.JobStatus;

/**
 * A job as listed in the shared map {@code ebbflow.jobs} (key: job id), written by its JobMaster and read
 * by the web-ui for {@code GET /jobs}. Its epoch fences older JobMasters of the same job.
 *
 * @param state the job status in Flink's terms
 * @param endTime when the job reached a terminal state, or -1
 */
public record JobEntry(String jobId, String name, long jobMasterEpoch, String nodeId, long startTime, long endTime,
        JobStatus state) {
}
