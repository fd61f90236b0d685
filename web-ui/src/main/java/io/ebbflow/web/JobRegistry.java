package io.ebbflow.web;

import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.protocol.Require;
import io.ebbflow.core.state.JobEntry;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The job registry (the shared map {@code ebbflow.jobs}) as the REST API reads it: a job whose JobMaster
 * process is gone without ending it is SUSPENDED until a JobMaster takes it back.
 */
final class JobRegistry {

    private final SharedMap<JobEntry> jobs;
    private final Predicate<String> isLiveNode;

    /** {@code isLiveNode} tells whether a cluster node (a JobMaster's process) is still a member. */
    JobRegistry(SharedMap<JobEntry> jobs, Predicate<String> isLiveNode) {
        this.jobs = jobs;
        this.isLiveNode = isLiveNode;
    }

    /** Every job, oldest first. */
    Future<List<JobEntry>> entries() {
        return jobs.entries().map(m -> m.values().stream().map(v -> derive(v.value()))
                .sorted(Comparator.comparingLong(JobEntry::startTime)).toList());
    }

    /** One job, or null if there is none with that id (or it is not a valid id). */
    Future<JobEntry> find(String jobId) {
        try {
            Require.id(jobId, "jobid");
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(null);
        }
        return jobs.get(jobId).map(v -> v == null ? null : derive(v.value()));
    }

    /** The job as its entry says, SUSPENDED instead while it has not ended and its JobMaster's node is gone. */
    JobEntry derive(JobEntry j) {
        if (j.endTime() < 0 && !isLiveNode.test(j.nodeId())) {
            return new JobEntry(j.jobId(), j.name(), j.jobMasterEpoch(), j.nodeId(), j.startTime(), j.endTime(),
                    JobStatus.SUSPENDED);
        }
        return j;
    }
}
