package io.ebbflow.core.state;

/**
 * A job known to the ResourceManager, as kept in the shared map {@code ebbflow.job-requirements}: its
 * place in the submission order, its JobMaster's epoch and node, and its latest declaration.
 */
public record JobRecord(String jobId, String jobName, long submissionSeq, long jobMasterEpoch, String nodeId,
        long declarationVersion, int minSlots, int desiredSlots) {
}
