package io.ebbflow.jm;

import io.ebbflow.core.job.JobStatus;

import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.cluster.WriteBehindMap;
import io.ebbflow.core.time.Timers;
import io.ebbflow.core.state.JobEntry;
import io.vertx.core.Future;

/**
 * The JobMaster's shared state: its entry in {@code ebbflow.jobs}. Claiming the entry gives the
 * JobMaster its epoch (one more than the last JobMaster of the job), and refuses to start a second
 * JobMaster for a job whose JobMaster is still a cluster member.
 */
final class JobStore {

    private final ClusterNode node;
    private final SharedMap<JobEntry> jobs;
    private WriteBehindMap<JobEntry> writer;
    private boolean recovered;

    JobStore(ClusterNode node) {
        this.node = node;
        this.jobs = node.map(io.ebbflow.core.state.SharedMaps.JOBS, JobEntry.class);
    }

    /** Claims the job with the next epoch; fails if a live JobMaster already runs it. */
    Future<JobEntry> claim(String jobId, String name, long now, Timers timers, Runnable onFenced) {
        return jobs.get(jobId).compose(current -> {
            if (current != null && !current.value().nodeId().equals(node.nodeId())
                    && node.membership().isLive(current.value().nodeId())
                    && current.value().endTime() < 0) {
                return Future.failedFuture(new IllegalStateException("job " + jobId + " already has a running JobMaster"
                        + " (node " + current.value().nodeId() + ", epoch " + current.value().jobMasterEpoch() + ")"));
            }
            long epoch = current == null ? 1 : current.value().jobMasterEpoch() + 1;
            recovered = current != null && current.value().endTime() < 0;
            long start = current == null || current.value().endTime() >= 0 ? now : current.value().startTime();
            JobEntry entry = new JobEntry(jobId, name, epoch, node.nodeId(), start, -1, JobStatus.CREATED);
            long expected = current == null ? SharedMap.ABSENT : current.version();
            return jobs.write(jobId, expected, epoch, entry).compose(r -> {
                if (!r.applied()) {
                    return Future.failedFuture(new IllegalStateException("another JobMaster of job " + jobId
                            + " started at the same moment"));
                }
                writer = new WriteBehindMap<>(jobs, epoch, timers, onFenced);
                writer.seed(java.util.Map.of(jobId, r.current()));
                return Future.succeededFuture(entry);
            });
        });
    }

    /**
     * Whether this JobMaster takes over a job whose previous JobMaster went away before the job ended (then
     * the job resumes from its latest checkpoint), rather than starting it.
     */
    boolean recovered() {
        return recovered;
    }

    void update(JobEntry entry) {
        writer.put(entry.jobId(), entry);
    }

    Future<Void> flushed() {
        return writer == null ? Future.succeededFuture() : writer.flushed();
    }
}
