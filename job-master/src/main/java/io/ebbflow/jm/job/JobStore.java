package io.ebbflow.jm.job;

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
 * JobMaster for a job whose JobMaster is still a cluster member. The entry then follows the job: RUNNING once
 * it deploys, its terminal status (and end time) when it ends. Confined to the JobMaster's event loop.
 */
public final class JobStore {

    private final ClusterNode node;
    private final SharedMap<JobEntry> jobs;
    private WriteBehindMap<JobEntry> writer;
    private boolean recovered;
    private JobEntry entry;

    public JobStore(ClusterNode node) {
        this.node = node;
        this.jobs = node.map(io.ebbflow.core.state.SharedMaps.JOBS, JobEntry.class);
    }

    /** Claims the job with the next epoch; fails if a live JobMaster already runs it. */
    public Future<JobEntry> claim(String jobId, String name, long now, Timers timers, Runnable onFenced) {
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
                this.entry = entry;
                return Future.succeededFuture(entry);
            });
        });
    }

    /**
     * Whether this JobMaster takes over a job whose previous JobMaster went away before the job ended (then
     * the job resumes from its latest checkpoint), rather than starting it.
     */
    public boolean recovered() {
        return recovered;
    }

    /** The claimed entry (null before the claim). */
    public JobEntry entry() {
        return entry;
    }

    /** Whether the job reached a terminal state here (or the JobMaster stopped). */
    public boolean ended() {
        return entry != null && entry.endTime() >= 0;
    }

    /** The job deploys an execution. */
    public void running() {
        update(JobStatus.RUNNING, -1);
    }

    /**
     * The job ended with {@code status}.
     *
     * @return false if it had ended already (the first end counts)
     */
    public boolean end(JobStatus status, long now) {
        if (entry == null || ended()) {
            return false;
        }
        update(status, now);
        return true;
    }

    private void update(JobStatus status, long endTime) {
        entry = new JobEntry(entry.jobId(), entry.name(), entry.jobMasterEpoch(), entry.nodeId(), entry.startTime(),
                endTime, status);
        writer.put(entry.jobId(), entry);
    }

    public Future<Void> flushed() {
        return writer == null ? Future.succeededFuture() : writer.flushed();
    }
}
