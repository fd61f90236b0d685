package io.ebbflow.jm.job;

import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.cluster.Versioned;
import io.ebbflow.core.cluster.WriteBehindMap;
import io.ebbflow.core.job.JobStatus;
import io.ebbflow.core.state.JobEntry;
import io.ebbflow.core.state.JobRegistration;
import io.ebbflow.core.state.SharedMaps;
import io.ebbflow.core.time.Timers;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;

/**
 * The JobMaster's shared state: its entry in {@code ebbflow.jobs} and, through {@link JobLeadership}, the job's
 * lease and registration in the durable store. Claiming the job gives the JobMaster its epoch (above every
 * epoch the job had, in the map or the store) and makes it the leader, unless another JobMaster of the job
 * leads and is alive: then this one waits as a standby ({@link Waiting}) and claims again when told. The entry
 * then follows the job: RUNNING once it deploys, SUSPENDED when its JobMaster stops without ending it, its
 * terminal status (and end time) when it ends. Confined to the JobMaster's event loop.
 */
public final class JobStore {

    /** What a claim found. */
    public sealed interface Claim permits Leading, Waiting, Ended {
    }

    /** The job ended (with {@code status}) while this JobMaster waited as a standby: there is nothing to take over. */
    public record Ended(JobStatus status) implements Claim {
    }

    /**
     * This JobMaster leads the job.
     *
     * @param recovered whether it takes over a job that ran before and did not end (it resumes from the newest
     *        completed checkpoint) rather than starting it
     */
    public record Leading(JobEntry entry, boolean recovered) implements Claim {
    }

    /** Another JobMaster leads the job; this one is a standby. */
    public record Waiting(String leaderNodeId, long leaderEpoch) implements Claim {
    }

    private final ClusterNode node;
    private final SharedMap<JobEntry> jobs;
    private final JobLeadership leadership;
    private WriteBehindMap<JobEntry> writer;
    /** Lease holders this standby does not see as members, and since when (confined to the event loop). */
    private final java.util.Map<String, Long> missing = new java.util.HashMap<>();
    private boolean recovered;
    private boolean earlierEnded;
    private JobEntry entry;

    public JobStore(ClusterNode node, JobLeadership leadership) {
        this.node = node;
        this.jobs = node.map(SharedMaps.JOBS, JobEntry.class);
        this.leadership = leadership;
    }

    /**
     * Claims the job with the next epoch, or finds the live leader to wait for, or finds that the job ended after
     * {@code since} (when this JobMaster started: it waited for a run that is over).
     */
    public Future<Claim> claim(String jobId, String name, long now, long since, Timers timers, Runnable onFenced) {
        return leadership.registration().compose(registration -> {
            if (registration.isPresent() && registration.get().ended() && registration.get().endTime() >= since) {
                return Future.succeededFuture(new Ended(registration.get().status()));
            }
            return claimAfter(jobId, name, now, since, timers, onFenced);
        });
    }

    private Future<Claim> claimAfter(String jobId, String name, long now, long since, Timers timers, Runnable onFenced) {
        return jobs.get(jobId).compose(current -> {
            if (current != null && leadsElsewhere(current.value())) {
                return Future.succeededFuture(new Waiting(current.value().nodeId(), current.value().jobMasterEpoch()));
            }
            long floor = current == null ? 0 : current.value().jobMasterEpoch();
            return leadership.lease().compose(observed -> {
                // Decided here, on the event loop; the claim deposes only the holder judged gone.
                boolean gone = observed.isPresent() && observed.get().nodeId() != null && observed.get().holderGoneAt(now,
                        node.membership().isLive(observed.get().nodeId()), missingSince(observed.get().nodeId(), now),
                        leadership.renewInterval().toMillis());
                return leadership.claim(now, floor, lease -> gone && lease.epoch() == observed.get().epoch()
                        && observed.get().nodeId().equals(lease.nodeId()));
            })
                    .compose(c -> c.claimed()
                            ? lead(jobId, name, now, since, timers, onFenced, current, c.lease().epoch())
                            : Future.succeededFuture(new Waiting(c.lease().nodeId(), c.lease().epoch())));
        });
    }

    /** Since when the lease holder {@code holder} has been out of this node's sight ({@code now} if a member). */
    private long missingSince(String holder, long now) {
        if (holder == null || node.membership().isLive(holder)) {
            missing.remove(holder);
            return now;
        }
        return missing.computeIfAbsent(holder, h -> now);
    }

    /** Whether the entry names another JobMaster that is alive and leads the job (running it, not suspended). */
    private boolean leadsElsewhere(JobEntry e) {
        return !e.nodeId().equals(node.nodeId()) && node.membership().isLive(e.nodeId()) && e.endTime() < 0
                && e.state() != JobStatus.SUSPENDED;
    }

    private Future<Claim> lead(String jobId, String name, long now, long since, Timers timers, Runnable onFenced,
            Versioned<JobEntry> current, long epoch) {
        return leadership.registration().compose(registration -> {
            // Read again now that the lease is ours (no earlier leader can write any more): the leader this one
            // waited for may have ended the job while the claim was under way. Then there is nothing to lead.
            if (registration.isPresent() && registration.get().ended() && registration.get().endTime() >= since) {
                return leadership.release(now).map(v -> (Claim) new Ended(registration.get().status()));
            }
            boolean runningInMap = current != null && current.value().endTime() < 0;
            boolean registered = registration.isPresent() && !registration.get().ended();
            earlierEnded = registration.isPresent() && registration.get().ended();
            recovered = runningInMap || registered;
            long start = runningInMap ? current.value().startTime()
                    : registered ? registration.get().startTime() : now;
            JobEntry claimed = new JobEntry(jobId, name, epoch, node.nodeId(), start, -1, JobStatus.CREATED);
            return jobs.write(jobId, SharedMap.ANY_VERSION, epoch, claimed).compose(r -> {
                if (!r.applied()) {
                    return Future.failedFuture(new IllegalStateException("a newer JobMaster of job " + jobId
                            + " (epoch " + r.current().fence() + ") claimed it at the same moment"));
                }
                writer = new WriteBehindMap<>(jobs, epoch, timers, onFenced);
                writer.seed(Map.of(jobId, r.current()));
                this.entry = claimed;
                return leadership.register(new JobRegistration(jobId, name, start, epoch, JobStatus.RUNNING, -1));
            }).map(ok -> (Claim) new Leading(claimed, recovered));
        });
    }

    /**
     * Whether this JobMaster takes over a job whose previous JobMaster went away before the job ended (then
     * the job resumes from its latest checkpoint), rather than starting it.
     */
    public boolean recovered() {
        return recovered;
    }

    /** Whether the durable store records that an earlier job with this id ended (its checkpoints are not this job's). */
    public boolean earlierEnded() {
        return earlierEnded;
    }

    /** The claimed entry (null before the claim). */
    public JobEntry entry() {
        return entry;
    }

    public JobLeadership leadership() {
        return leadership;
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

    /**
     * The JobMaster stops without ending the job: the job is SUSPENDED, its registration and checkpoints stay,
     * and the lease is given up so that a standby (or the next JobMaster started with the job's id) resumes it.
     */
    public Future<Void> suspend(long now) {
        if (entry == null || ended()) {
            return Future.succeededFuture();
        }
        update(JobStatus.SUSPENDED, -1);
        return leadership.suspend(new JobRegistration(entry.jobId(), entry.name(), entry.startTime(),
                entry.jobMasterEpoch(), JobStatus.SUSPENDED, -1), now);
    }

    /** After {@link #end}: the durable registration records the end, so waiting standbys stop. */
    public Future<Void> recordEnd(long now) {
        return leadership.ended(new JobRegistration(entry.jobId(), entry.name(), entry.startTime(), entry.jobMasterEpoch(),
                entry.state(), entry.endTime()), now);
    }

    private void update(JobStatus status, long endTime) {
        entry = new JobEntry(entry.jobId(), entry.name(), entry.jobMasterEpoch(), entry.nodeId(), entry.startTime(),
                endTime, status);
        writer.put(entry.jobId(), entry);
    }

    public Future<Void> flushed() {
        return writer == null ? Future.succeededFuture() : writer.flushed();
    }

    /** The job's newest completed checkpoint as recorded in the durable store, if any. */
    public Future<Optional<io.ebbflow.core.state.CheckpointPointer>> durableCheckpoint() {
        return leadership.latestCheckpoint();
    }
}
