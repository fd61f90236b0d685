package io.ebbflow.rm;

import io.ebbflow.core.state.JobRecord;
import io.ebbflow.core.state.SlotLedgerEntry;
import io.ebbflow.core.state.TaskExecutorRecord;
import io.ebbflow.core.protocol.LedgerSlotState;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.ResourceDeclaration;
import io.ebbflow.core.protocol.ResourceManagerMessages.ClusterOverview;
import io.ebbflow.core.protocol.ResourceManagerMessages.JobResourceView;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterJobMaster;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterTaskExecutor;
import io.ebbflow.core.protocol.ResourceManagerMessages.SlotView;
import io.ebbflow.core.protocol.ResourceManagerMessages.TaskExecutorView;
import io.ebbflow.core.protocol.SlotReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ResourceManager's decisions, without I/O: which TaskExecutors and jobs exist, the state of every
 * slot ({@link SlotTracker}), each job's declared requirement and its share under {@link FairShare},
 * and which free slots to request for which job. The verticle feeds it messages and membership events
 * with the current time, runs {@link #checkResourceRequirements()} (coalesced) and carries out the
 * {@link MatchResult}; it drains the changes to replicate them into the shared maps.
 *
 * <p>Matching: for each job (oldest first) below its share, free slots are requested, preferring
 * TaskExecutors where the job already has slots, then those with the most free slots, so a job fills
 * whole TaskExecutors and emptied ones can be released. The ResourceManager never takes a slot away:
 * a job above its share is told its new share and gives slots back itself.
 *
 * <p>Not thread-safe: confined to the ResourceManager's verticle.
 */
public final class SlotManager {

    private static final Logger LOG = LoggerFactory.getLogger(SlotManager.class);

    private final long rmEpoch;
    private final Supplier<String> newId;
    private final SlotTracker slots = new SlotTracker();
    private final Map<String, RegisteredTaskExecutor> taskExecutors = new TreeMap<>();
    private final Map<String, TrackedJob> jobs = new LinkedHashMap<>();
    private final Map<String, TaskExecutorRecord> taskExecutorChanges = new LinkedHashMap<>();
    private final Map<String, JobRecord> jobChanges = new LinkedHashMap<>();
    private long nextSubmissionSeq = 1;
    private boolean checkNeeded;

    /** A registered TaskExecutor. */
    private static final class RegisteredTaskExecutor {
        final TaskExecutorRecord record;
        long lastHeartbeat;

        RegisteredTaskExecutor(TaskExecutorRecord record, long lastHeartbeat) {
            this.record = record;
            this.lastHeartbeat = lastHeartbeat;
        }
    }

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

    /**
     * @param rmEpoch this ResourceManager's epoch (carried by its slot requests)
     * @param newId source of allocation and registration ids
     */
    public SlotManager(long rmEpoch, Supplier<String> newId) {
        this.rmEpoch = rmEpoch;
        this.newId = newId;
    }

    public long rmEpoch() {
        return rmEpoch;
    }

    // ---------------------------------------------------------------- recovery

    /** Restores a TaskExecutor from the shared map after a restart; its slots come with {@link #restoreSlot}. */
    public void restoreTaskExecutor(TaskExecutorRecord record, long now) {
        taskExecutors.put(record.taskExecutorId(), new RegisteredTaskExecutor(record, now));
    }

    /** Restores a ledger row; rows of TaskExecutors that were not restored are dropped from the ledger. */
    public void restoreSlot(SlotLedgerEntry entry) {
        if (taskExecutors.containsKey(entry.taskExecutorId())) {
            slots.restore(entry);
        }
    }

    /** Restores a job from the shared map; a job whose JobMaster is gone counts as disconnected from {@code now}. */
    public void restoreJob(JobRecord record, boolean jobMasterLive, long now) {
        TrackedJob job = new TrackedJob(record, jobMasterLive);
        job.disconnectedSince = now;
        jobs.put(record.jobId(), job);
        nextSubmissionSeq = Math.max(nextSubmissionSeq, record.submissionSeq() + 1);
        checkNeeded = true;
    }

    /** Ledger keys of slots that a restart found in the ledger but not on any restored TaskExecutor. */
    public List<String> orphanedLedgerKeys(java.util.Collection<String> ledgerKeys) {
        return ledgerKeys.stream().filter(k -> slots.all().stream().noneMatch(s -> s.id().key().equals(k)))
                .collect(Collectors.toList());
    }

    // ---------------------------------------------------------------- TaskExecutors

    /**
     * Registers (or re-registers) a TaskExecutor and reconciles its slot report.
     *
     * @param isLiveNode whether a cluster node is still a member (a live TaskExecutor's id may not be taken over)
     * @return the new registration id
     * @throws ProtocolException CONFLICT if another live process uses the same TaskExecutor id
     */
    public String registerTaskExecutor(RegisterTaskExecutor msg, long now, Predicate<String> isLiveNode) {
        RegisteredTaskExecutor existing = taskExecutors.get(msg.taskExecutorId());
        if (existing != null && !existing.record.nodeId().equals(msg.nodeId()) && isLiveNode.test(existing.record.nodeId())) {
            throw ProtocolException.conflict("task executor id '" + msg.taskExecutorId()
                    + "' is already registered by live node " + existing.record.nodeId());
        }
        if (existing != null && (!existing.record.nodeId().equals(msg.nodeId())
                || existing.record.numberOfSlots() != msg.numberOfSlots())) {
            unregisterTaskExecutor(msg.taskExecutorId());
            existing = null;
        }
        String registrationId = newId.get();
        TaskExecutorRecord record = new TaskExecutorRecord(msg.taskExecutorId(), msg.nodeId(), msg.host(), msg.dataPort(),
                msg.numberOfSlots(), msg.hardware(), registrationId, existing == null ? now : existing.record.registeredAt());
        taskExecutors.put(msg.taskExecutorId(), new RegisteredTaskExecutor(record, now));
        taskExecutorChanges.put(msg.taskExecutorId(), record);
        slots.addTaskExecutor(msg.taskExecutorId(), msg.numberOfSlots(), msg.slotReport());
        checkNeeded = true;
        return registrationId;
    }

    /**
     * A TaskExecutor's heartbeat: reconciles its slot report.
     *
     * @throws ProtocolException UNKNOWN_SENDER if it is not registered under this registration id
     */
    public void heartbeatFromTaskExecutor(String taskExecutorId, String registrationId, SlotReport report, long now) {
        RegisteredTaskExecutor te = requireRegistration(taskExecutorId, registrationId);
        te.lastHeartbeat = now;
        if (report.slots().size() != te.record.numberOfSlots()) {
            throw ProtocolException.malformed("slot report of " + taskExecutorId + " has " + report.slots().size()
                    + " slots, registered with " + te.record.numberOfSlots());
        }
        if (slots.reconcile(taskExecutorId, report)) {
            checkNeeded = true;
        }
    }

    /** Checks that the TaskExecutor is registered under this registration id. */
    public void checkRegistration(String taskExecutorId, String registrationId) {
        requireRegistration(taskExecutorId, registrationId);
    }

    private RegisteredTaskExecutor requireRegistration(String taskExecutorId, String registrationId) {
        RegisteredTaskExecutor te = taskExecutors.get(taskExecutorId);
        if (te == null) {
            throw ProtocolException.unknownSender("task executor " + taskExecutorId + " is not registered");
        }
        if (!te.record.registrationId().equals(registrationId)) {
            throw ProtocolException.unknownSender("task executor " + taskExecutorId
                    + " is registered under another registration id; register again");
        }
        return te;
    }

    /** Removes a TaskExecutor and its slots at once (clean leave, node left, heartbeat timeout). */
    public boolean unregisterTaskExecutor(String taskExecutorId) {
        RegisteredTaskExecutor removed = taskExecutors.remove(taskExecutorId);
        if (removed == null) {
            return false;
        }
        slots.removeTaskExecutor(taskExecutorId);
        taskExecutorChanges.put(taskExecutorId, null);
        checkNeeded = true;
        return true;
    }

    /** A TaskExecutor freed a slot. */
    public void slotAvailable(String taskExecutorId, int slotIndex, String allocationId) {
        SlotId id = new SlotId(taskExecutorId, slotIndex);
        Optional<SlotTracker.TrackedSlot> slot = slots.get(id);
        if (slot.isPresent() && allocationId.equals(slot.get().allocationId())) {
            slots.transitionSlotToFree(id);
            checkNeeded = true;
        }
    }

    /** The TaskExecutors whose process is the given cluster node. */
    public List<String> taskExecutorsOnNode(String nodeId) {
        return taskExecutors.values().stream().filter(t -> t.record.nodeId().equals(nodeId))
                .map(t -> t.record.taskExecutorId()).collect(Collectors.toList());
    }

    public boolean isRegistered(String taskExecutorId) {
        return taskExecutors.containsKey(taskExecutorId);
    }

    public int numberOfTaskExecutors() {
        return taskExecutors.size();
    }

    // ---------------------------------------------------------------- jobs

    /**
     * Registers (or re-registers) a job's JobMaster with its declaration.
     *
     * @return the job's place in the submission order
     * @throws ProtocolException STALE if a JobMaster with a newer epoch is already registered for the job
     */
    public long registerJobMaster(RegisterJobMaster msg) {
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
        jobChanges.put(msg.jobId(), job.record);
        checkNeeded = true;
        return job.record.submissionSeq();
    }

    /**
     * A JobMaster's heartbeat with its current declaration; the latest version wins.
     *
     * @throws ProtocolException UNKNOWN_SENDER if the job is not registered, STALE for an older JobMaster epoch
     */
    public void declareResources(String jobId, long jobMasterEpoch, ResourceDeclaration d) {
        TrackedJob job = requireJobMaster(jobId, jobMasterEpoch);
        job.connected = true;
        JobRecord old = job.record;
        if (d.version() > old.declarationVersion()) {
            job.record = new JobRecord(old.jobId(), old.jobName(), old.submissionSeq(), old.jobMasterEpoch(), old.nodeId(),
                    d.version(), d.minSlots(), d.desiredSlots());
            jobChanges.put(jobId, job.record);
            if (d.minSlots() != old.minSlots() || d.desiredSlots() != old.desiredSlots()) {
                LOG.info("Job {} now needs {} to {} slots (declaration {})", jobId, d.minSlots(), d.desiredSlots(),
                        d.version());
                checkNeeded = true;
            }
        }
    }

    private TrackedJob requireJobMaster(String jobId, long jobMasterEpoch) {
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

    /** The job ended: its requirement and place in the order are dropped. */
    public void deregisterJobMaster(String jobId, long jobMasterEpoch) {
        requireJobMaster(jobId, jobMasterEpoch);
        jobs.remove(jobId);
        jobChanges.put(jobId, null);
        checkNeeded = true;
        LOG.info("Job {} deregistered", jobId);
    }

    /** The job's JobMaster is gone (node left or heartbeat timeout); its requirement is kept for a while. */
    public void jobMasterLost(String jobId, long now) {
        TrackedJob job = jobs.get(jobId);
        if (job != null && job.connected) {
            job.connected = false;
            job.disconnectedSince = now;
            job.pushedQuota = -1;
            checkNeeded = true;
            LOG.info("JobMaster of job {} is gone; keeping its requirement for resourcemanager.job.timeout", jobId);
        }
    }

    /** Jobs whose JobMaster is this cluster node. */
    public List<String> jobsOnNode(String nodeId) {
        return jobs.values().stream().filter(j -> j.connected && j.record.nodeId().equals(nodeId))
                .map(j -> j.record.jobId()).collect(Collectors.toList());
    }

    /** Forgets jobs whose JobMaster has been gone for {@code timeoutMillis}; returns their ids. */
    public List<String> expireDisconnectedJobs(long now, long timeoutMillis) {
        List<String> expired = new ArrayList<>();
        jobs.values().removeIf(j -> {
            if (!j.connected && now - j.disconnectedSince >= timeoutMillis) {
                expired.add(j.record.jobId());
                return true;
            }
            return false;
        });
        expired.forEach(id -> jobChanges.put(id, null));
        if (!expired.isEmpty()) {
            checkNeeded = true;
        }
        return expired;
    }

    public Optional<JobRecord> job(String jobId) {
        TrackedJob j = jobs.get(jobId);
        return j == null ? Optional.empty() : Optional.of(j.record);
    }

    public int quotaOf(String jobId) {
        TrackedJob j = jobs.get(jobId);
        return j == null ? 0 : j.quota;
    }

    public int acquiredBy(String jobId) {
        return slots.acquiredBy(jobId);
    }

    // ---------------------------------------------------------------- matching

    /** Whether something changed since the last check that may change shares or call for slot requests. */
    public boolean isCheckNeeded() {
        return checkNeeded;
    }

    /**
     * Recomputes every job's share and requests free slots for jobs below theirs. The requested slots
     * become PENDING at once.
     */
    public MatchResult checkResourceRequirements() {
        checkNeeded = false;
        List<TrackedJob> ordered = jobs.values().stream()
                .sorted(Comparator.comparingLong(j -> j.record.submissionSeq())).collect(Collectors.toList());
        List<FairShare.Demand> demands = new ArrayList<>();
        for (TrackedJob j : ordered) {
            if (j.connected) {
                demands.add(new FairShare.Demand(j.record.jobId(), j.record.minSlots(), j.record.desiredSlots()));
            }
        }
        Map<String, Integer> shares = FairShare.divide(demands, slots.totalSlots());
        Map<String, Integer> quotaChanges = new LinkedHashMap<>();
        for (TrackedJob j : ordered) {
            j.quota = shares.getOrDefault(j.record.jobId(), 0);
            if (j.connected && j.quota != j.pushedQuota) {
                quotaChanges.put(j.record.jobId(), j.quota);
                j.pushedQuota = j.quota;
            }
        }
        List<MatchResult.SlotRequest> requests = new ArrayList<>();
        for (TrackedJob j : ordered) {
            if (!j.connected) {
                continue;
            }
            int need = j.quota - slots.acquiredBy(j.record.jobId());
            if (need <= 0) {
                continue;
            }
            for (SlotId slot : pickFreeSlots(j.record.jobId(), need)) {
                String allocationId = newId.get();
                slots.transitionSlotToPending(slot, j.record.jobId(), allocationId);
                requests.add(new MatchResult.SlotRequest(slot, j.record.jobId(), j.record.jobMasterEpoch(), allocationId));
            }
        }
        return new MatchResult(requests, quotaChanges);
    }

    private List<SlotId> pickFreeSlots(String jobId, int count) {
        Map<String, Integer> freeByTe = new HashMap<>();
        Map<String, Integer> jobByTe = new HashMap<>();
        for (SlotTracker.TrackedSlot s : slots.all()) {
            String te = s.id().taskExecutorId();
            if (s.state() == LedgerSlotState.FREE && !s.suspect()) {
                freeByTe.merge(te, 1, Integer::sum);
            }
            if (jobId.equals(s.jobId())) {
                jobByTe.merge(te, 1, Integer::sum);
            }
        }
        List<String> order = new ArrayList<>(freeByTe.keySet());
        order.sort(Comparator.<String>comparingInt(te -> -jobByTe.getOrDefault(te, 0))
                .thenComparingInt(te -> -freeByTe.get(te))
                .thenComparing(Comparator.naturalOrder()));
        List<SlotId> picked = new ArrayList<>();
        for (String te : order) {
            for (SlotTracker.TrackedSlot s : slots.ofTaskExecutor(te)) {
                if (picked.size() == count) {
                    return picked;
                }
                if (s.state() == LedgerSlotState.FREE && !s.suspect()) {
                    picked.add(s.id());
                }
            }
        }
        return picked;
    }

    /** The TaskExecutor confirmed a slot request. */
    public void slotRequestSucceeded(SlotId slot, String allocationId) {
        Optional<SlotTracker.TrackedSlot> s = slots.get(slot);
        if (s.isPresent() && s.get().state() == LedgerSlotState.PENDING && allocationId.equals(s.get().allocationId())) {
            slots.transitionSlotToAllocated(slot, s.get().jobId(), allocationId);
        }
    }

    /** A slot request failed or went unanswered: the slot is free but not used until its TaskExecutor reports. */
    public void slotRequestFailed(SlotId slot, String allocationId) {
        slots.markRequestFailed(slot, allocationId);
        checkNeeded = true;
    }

    // ---------------------------------------------------------------- views and replication

    public int totalSlots() {
        return slots.totalSlots();
    }

    public int freeSlots() {
        return slots.freeSlots();
    }

    /** The ResourceManager's view for {@code GET /overview}, {@code /taskmanagers} and the dashboard. */
    public ClusterOverview overview(String rmNodeId, long rmStartedAt) {
        List<TaskExecutorView> tes = new ArrayList<>();
        for (RegisteredTaskExecutor te : taskExecutors.values()) {
            TaskExecutorRecord r = te.record;
            List<SlotView> slotViews = slots.ofTaskExecutor(r.taskExecutorId()).stream()
                    .map(s -> new SlotView(s.id().index(), s.state(), s.jobId(), s.allocationId()))
                    .collect(Collectors.toList());
            int free = (int) slotViews.stream().filter(s -> s.state() == LedgerSlotState.FREE).count();
            tes.add(new TaskExecutorView(r.taskExecutorId(), r.nodeId(), r.host(), r.dataPort(), r.numberOfSlots(), free,
                    r.registeredAt(), te.lastHeartbeat, r.hardware(), slotViews));
        }
        List<JobResourceView> jobViews = jobs.values().stream()
                .sorted(Comparator.comparingLong(j -> j.record.submissionSeq()))
                .map(j -> new JobResourceView(j.record.jobId(), j.record.jobName(), j.record.submissionSeq(), j.connected,
                        j.record.minSlots(), j.record.desiredSlots(), j.quota, slots.acquiredBy(j.record.jobId())))
                .collect(Collectors.toList());
        return new ClusterOverview(rmEpoch, rmNodeId, rmStartedAt, tes, jobViews);
    }

    public Map<String, SlotLedgerEntry> drainLedgerChanges() {
        return slots.drainChanges();
    }

    public Map<String, TaskExecutorRecord> drainTaskExecutorChanges() {
        Map<String, TaskExecutorRecord> out = new LinkedHashMap<>(taskExecutorChanges);
        taskExecutorChanges.clear();
        return out;
    }

    public Map<String, JobRecord> drainJobChanges() {
        Map<String, JobRecord> out = new LinkedHashMap<>(jobChanges);
        jobChanges.clear();
        return out;
    }

    /** For tests and the overview: the tracked slot of an allocation. */
    public Optional<SlotTracker.TrackedSlot> slotOfAllocation(String allocationId) {
        return slots.byAllocation(allocationId);
    }

    /** For tests: every slot's current state. */
    public List<SlotTracker.TrackedSlot> slots() {
        return new ArrayList<>(slots.all());
    }

    @Override
    public String toString() {
        return "SlotManager{epoch=" + rmEpoch + ", taskExecutors=" + taskExecutors.size() + ", slots="
                + slots.totalSlots() + ", free=" + slots.freeSlots() + ", jobs=" + jobs.size() + "}";
    }
}
