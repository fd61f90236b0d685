package io.ebbflow.core.state;

import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.protocol.JobMasterMessages.JobAccumulators;
import io.ebbflow.core.protocol.JobMasterMessages.JobCheckpoints;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.JobRescales;
import java.util.List;

/**
 * An ended job as its JobMaster archived it in the durable store ({@value #DIRECTORY}/{@code <jobId>.json}),
 * written once when the job reached FINISHED, CANCELED or FAILED and read by the web-ui after that JobMaster
 * has gone. Its parts are the replies the JobMaster's endpoints gave at the end, so the REST API renders an
 * archived job exactly as a running one.
 *
 * @param entry the job's final registry entry: status, start and end time, epoch
 * @param details the final job details (with the exception history)
 * @param checkpoints the checkpoint statistics, or null for a job that took none
 * @param rescales the rescale and restart history
 * @param accumulators the final accumulators
 * @param savepoints the outcomes of the savepoints asked for over REST
 */
public record ArchivedJob(JobEntry entry, JobDetails details, JobCheckpoints checkpoints, JobRescales rescales,
        JobAccumulators accumulators, List<SavepointRecord> savepoints) {

    /** The durable store's directory of archived jobs. */
    public static final String DIRECTORY = "archive";
    private static final String SUFFIX = ".json";

    public ArchivedJob {
        if (entry == null || details == null) {
            throw new IllegalArgumentException("an archived job needs its registry entry and its details");
        }
        if (!entry.state().isGloballyTerminal()) {
            throw new IllegalArgumentException("job " + entry.jobId() + " is " + entry.state()
                    + ": only an ended job (FINISHED, CANCELED or FAILED) is archived");
        }
        accumulators = accumulators == null ? new JobAccumulators(null) : accumulators;
        savepoints = savepoints == null ? List.of() : List.copyOf(savepoints);
    }

    public String jobId() {
        return entry.jobId();
    }

    /** The document name of a job's archive: {@code archive/<jobId>.json}. */
    public static String documentName(String jobId) {
        return DIRECTORY + "/" + jobId + SUFFIX;
    }

    /** The job id of an archive's file name in {@value #DIRECTORY}, or null if the file is not an archive. */
    public static String jobIdOf(String fileName) {
        return fileName.endsWith(SUFFIX) && fileName.length() > SUFFIX.length()
                ? fileName.substring(0, fileName.length() - SUFFIX.length()) : null;
    }
}
