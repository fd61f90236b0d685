package io.ebbflow.core.state;

import io.ebbflow.core.job.JobStatus;

/**
 * A job as registered in the durable store ({@code jobs/<jobId>/job.json}), written by its leading JobMaster
 * (fenced by its epoch). A JobMaster that starts for a job whose registration has not ended resumes it from its
 * newest completed checkpoint, even after every process of the cluster died. Once the job ended (FINISHED,
 * CANCELED, FAILED) the registration says so: standbys that waited for it stop, and a JobMaster started later
 * with the same id starts a new job.
 *
 * @param status RUNNING while a JobMaster leads it, SUSPENDED when its last JobMaster stopped without ending it,
 *        else its terminal status
 * @param endTime when it ended, or -1
 */
public record JobRegistration(String jobId, String name, long startTime, long jobMasterEpoch, JobStatus status,
        long endTime) {

    public boolean ended() {
        return endTime >= 0;
    }
}
