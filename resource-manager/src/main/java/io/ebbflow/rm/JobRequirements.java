package io.ebbflow.rm;

import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.ResourceDeclaration;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterJobMaster;
import io.ebbflow.core.state.JobRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs the ResourceManager knows: each job's declared requirement (the latest declaration version
 * wins), its place in the submission order, whether its JobMaster is connected, and its share under
 * {@link FairShare}. Every change to a job's record is also recorded for replication, drained with
 * {@link #drainChanges()}.
 *
 * <p>Methods that change what the shares depend on say so in their return value, so the
 * {@link SlotManager} knows when a requirement check is needed.
 *
 * <p>Pure bookkeeping: no I/O, no clock ({@code now} is a parameter). Confined to the ResourceManager's
 * verticle.
 */
final class JobRequirements {

    private static final Logger LOG = LoggerFactory.getLogger(JobRequirements.class);

    private final Map<String, TrackedJob> jobs = new LinkedHashMap<>();
    /** Writes since the last drain: job id → record, or null to remove. */
    private final Map<String, JobRecord> changes = new LinkedHashMap<>();
    private long nextSubmissionSeq = 1;

    /** A job: its record, whether its JobMaster is connected, and its share. */
    private static final class TrackedJob {
        JobRecord record;
        boolean connected;
        long disconnectedSince;
        int quota;
        int pushedQuota = -1;

        TrackedJob(JobRecord record, boolean connected) {
            this.record = record;
            this.connected = connected;
        }
    }

    /** Restores a job from the shared map; a job whose JobMaster is gone counts as disconnected from {@code now}. */
    void restore(JobRecord record, boolean jobMasterLive, long now) {
        TrackedJob job = new TrackedJob(record, jobMasterLive);
        job.disconnectedSince = now;
        jobs.put(record.jobId(), job);
        nextSubmissionSeq = Math.max(nextSubmissionSeq, record.submissionSeq() + 1);
    }

    /**
     * Registers (or re-registers) a job's JobMaster with its declaration. A new job takes the next place
     * in the submission order; a returning one keeps its place, and its share is told again.
     *
     * @return the job's place in the submission order
     * @throws ProtocolException STALE if a JobMaster with a newer epoch is already registered for the job
     */
    long register(RegisterJobMaster msg) {
        TrackedJob job = jobs.get(msg.jobId());
        ResourceDeclaration d = msg.declaration();
        if (job == null) {
            JobRecord record = new JobRecord(msg.jobId(), msg.jobName(), nextSubmissionSeq++, msg.jobMasterEpoch(),
                    msg.nodeId(), d.version(), d.minSlots(), d.desiredSlots());
            job = new TrackedJob(record, true);
            jobs.put(msg.jobId(), job);
            LOG.info("Job {} ({}) registered: needs {} to {} slots, place {} in the submission order", msg.jobId(),
                    msg.jobName(), d.minSlots(), d.desiredSlots(), record.submissionSeq());
        } else {
            JobRecord old = job.record;
            if (msg.jobMasterEpoch() < old.jobMasterEpoch()) {
                throw ProtocolException.stale("job " + msg.jobId() + " has a JobMaster with epoch "
                        + old.jobMasterEpoch() + "; epoch " + msg.jobMasterEpoch() + " is stale");
            }
            boolean newer = msg.jobMasterEpoch() > old.jobMasterEpoch() || d.version() >= old.declarationVersion();
            job.record = new JobRecord(old.jobId(), msg.jobName(), old.submissionSeq(), msg.jobMasterEpoch(), msg.nodeId(),
                    newer ? d.version() : old.declarationVersion(), newer ? d.minSlots() : old.minSlots(),
                    newer ? d.desiredSlots() : old.desiredSlots());
            job.connected = true;
            job.pushedQuota = -1;
        }
        changes.put(msg.jobId(), job.record);
        return job.record.submissionSeq();
    }

    /**
     * A JobMaster's heartbeat with its current declaration; the latest version wins.
     *
     * @return true if the job's minimum or desired slot count changed
     * @throws ProtocolException UNKNOWN_SENDER if the job is not registered, STALE for an older JobMaster epoch
     */
    boolean declare(String jobId, long jobMasterEpoch, ResourceDeclaration d) {
        TrackedJob job = require(jobId, jobMasterEpoch);
        job.connected = true;
        JobRecord old = job.record;
        if (d.version() <= old.declarationVersion()) {
            return false;
        }
        job.record = new JobRecord(old.jobId(), old.jobName(), old.submissionSeq(), old.jobMasterEpoch(), old.nodeId(),
                d.version(), d.minSlots(), d.desiredSlots());
        changes.put(jobId, job.record);
        if (d.minSlots() == old.minSlots() && d.desiredSlots() == old.desiredSlots()) {
            return false;
        }
        LOG.info("Job {} now needs {} to {} slots (declaration {})", jobId, d.minSlots(), d.desiredSlots(), d.version());
        return true;
    }

    private TrackedJob require(String jobId, long jobMasterEpoch) {
        TrackedJob job = jobs.get(jobId);
        if (job == null) {
            throw ProtocolException.unknownSender("job " + jobId + " is not registered");
        }
        if (jobMasterEpoch < job.record.jobMasterEpoch()) {
            throw ProtocolException.stale("job " + jobId + " has a JobMaster with epoch " + job.record.jobMasterEpoch()
                    + "; epoch " + jobMasterEpoch + " is stale");
        }
        if (jobMasterEpoch > job.record.jobMasterEpoch()) {
            throw ProtocolException.unknownSender("JobMaster epoch " + jobMasterEpoch + " of job " + jobId
                    + " is not registered; register again");
        }
        return job;
    }

    /**
     * The job ended: its requirement and place in the order are dropped.
     *
     * @throws ProtocolException UNKNOWN_SENDER if the job is not registered, STALE for an older JobMaster epoch
     */
    void deregister(String jobId, long jobMasterEpoch) {
        require(jobId, jobMasterEpoch);
        jobs.remove(jobId);
        changes.put(jobId, null);
        LOG.info("Job {} deregistered", jobId);
    }

    /**
     * The job's JobMaster is gone; its requirement is kept for a while, without a share.
     *
     * @return true if the job was connected until now
     */
    boolean jobMasterLost(String jobId, long now) {
        TrackedJob job = jobs.get(jobId);
        if (job == null || !job.connected) {
            return false;
        }
        job.connected = false;
        job.disconnectedSince = now;
        job.pushedQuota = -1;
        LOG.info("JobMaster of job {} is gone; keeping its requirement for resourcemanager.job.timeout", jobId);
        return true;
    }

    /** Jobs whose JobMaster is this cluster node. */
    List<String> onNode(String nodeId) {
        return jobs.values().stream().filter(j -> j.connected && j.record.nodeId().equals(nodeId))
                .map(j -> j.record.jobId()).collect(Collectors.toList());
    }

    /** Forgets jobs whose JobMaster has been gone for {@code timeoutMillis}; returns their ids. */
    List<String> expireDisconnected(long now, long timeoutMillis) {
        List<String> expired = new ArrayList<>();
        jobs.values().removeIf(j -> {
            if (!j.connected && now - j.disconnectedSince >= timeoutMillis) {
                expired.add(j.record.jobId());
                return true;
            }
            return false;
        });
        expired.forEach(id -> changes.put(id, null));
        return expired;
    }

    /**
     * Divides {@code totalSlots} between the connected jobs in submission order under {@link FairShare};
     * jobs whose JobMaster is gone get nothing.
     *
     * @return job id → new share, for connected jobs whose JobMaster has not been told this share yet
     *         (in submission order); after this call they count as told
     */
    Map<String, Integer> updateShares(int totalSlots) {
        List<TrackedJob> ordered = inSubmissionOrder();
        List<FairShare.Demand> demands = new ArrayList<>();
        for (TrackedJob j : ordered) {
            if (j.connected) {
                demands.add(new FairShare.Demand(j.record.jobId(), j.record.minSlots(), j.record.desiredSlots()));
            }
        }
        Map<String, Integer> shares = FairShare.divide(demands, totalSlots);
        Map<String, Integer> quotaChanges = new LinkedHashMap<>();
        for (TrackedJob j : ordered) {
            j.quota = shares.getOrDefault(j.record.jobId(), 0);
            if (j.connected && j.quota != j.pushedQuota) {
                quotaChanges.put(j.record.jobId(), j.quota);
                j.pushedQuota = j.quota;
            }
        }
        return quotaChanges;
    }

    /** The records of the jobs whose JobMaster is connected, in submission order. */
    List<JobRecord> connectedInSubmissionOrder() {
        return inSubmissionOrder().stream().filter(j -> j.connected).map(j -> j.record).collect(Collectors.toList());
    }

    /** A job as the overview shows it. */
    record JobState(JobRecord record, boolean connected, int quota) {
    }

    /** Every job in submission order, as the overview shows it. */
    List<JobState> states() {
        return inSubmissionOrder().stream().map(j -> new JobState(j.record, j.connected, j.quota))
                .collect(Collectors.toList());
    }

    private List<TrackedJob> inSubmissionOrder() {
        return jobs.values().stream().sorted(Comparator.comparingLong(j -> j.record.submissionSeq()))
                .collect(Collectors.toList());
    }

    Optional<JobRecord> job(String jobId) {
        TrackedJob j = jobs.get(jobId);
        return j == null ? Optional.empty() : Optional.of(j.record);
    }

    /** The job's share at the last check; 0 for an unknown job. */
    int quotaOf(String jobId) {
        TrackedJob j = jobs.get(jobId);
        return j == null ? 0 : j.quota;
    }

    int size() {
        return jobs.size();
    }

    /** Whether writes were recorded since the last drain. */
    boolean hasChanges() {
        return !changes.isEmpty();
    }

    /** The writes recorded since the last call: job id → record, or null for a removal. */
    Map<String, JobRecord> drainChanges() {
        Map<String, JobRecord> out = new LinkedHashMap<>(changes);
        changes.clear();
        return out;
    }
}
