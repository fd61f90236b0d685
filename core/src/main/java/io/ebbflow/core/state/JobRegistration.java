package io.ebbflow.core.state;

import io.ebbflow.core.job.JobStatus;

/**
 * A job as registered in the durable store ({@code jobs/<jobId>/job.json}), written by its leading JobMaster
 * (fenced by its epoch). It exists from the job's first start until the job ends (FINISHED, CANCELED, FAILED);
 * a JobMaster that starts for a job with a registration resumes it from its newest completed checkpoint, even
 * after every process of the cluster died.
 *
 * @param status RUNNING while a JobMaster leads it, SUSPENDED when its last JobMaster stopped without ending it
 */
public record JobRegistration(String jobId, String name, long startTime, long jobMasterEpoch, JobStatus status) {
}
