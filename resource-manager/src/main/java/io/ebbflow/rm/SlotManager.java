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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ResourceManager's decisions, without I/O: which TaskExecutors exist ({@link TaskExecutorRegistry}),
 * the state of every slot ({@link SlotTracker}), each job's declared requirement and its share under
 * {@link FairShare} ({@link JobRequirements}), and which free slots to request for which job
 * ({@link SlotMatcher}). It keeps those in step and knows when a requirement check is needed. The
 * verticle feeds it messages and membership events with the current time, runs
 * {@link #checkResourceRequirements()} (coalesced) and carries out the {@link MatchResult}; it drains
 * the changes to replicate them into the shared maps.
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
    private final TaskExecutorRegistry taskExecutors = new TaskExecutorRegistry();
    private final JobRequirements jobs = new JobRequirements();
    private boolean checkNeeded;

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
        taskExecutors.restore(record, now);
    }

    /** Restores a ledger row; rows of TaskExecutors that were not restored are dropped from the ledger. */
    public void restoreSlot(SlotLedgerEntry entry) {
        if (taskExecutors.isRegistered(entry.taskExecutorId())) {
            slots.restore(entry);
        }
    }

    /** Restores a job from the shared map; a job whose JobMaster is gone counts as disconnected from {@code now}. */
    public void restoreJob(JobRecord record, boolean jobMasterLive, long now) {
        jobs.restore(record, jobMasterLive, now);
        checkNeeded = true;
    }

    /** Ledger keys of slots that a restart found in the ledger but not on any restored TaskExecutor. */
    public List<String> orphanedLedgerKeys(Collection<String> ledgerKeys) {
        return ledgerKeys.stream().filter(k -> slots.all().stream().noneMatch(s -> s.id().key().equals(k)))
                .collect(Collectors.toList());
    }

    // ---------------------------------------------------------------- TaskExecutors

    /**
     * Registers (or re-registers) a TaskExecutor and reconciles its slot report. A registration from
     * another process, or with another slot count, replaces the old one and its slots.
     *
     * @param isLiveNode whether a cluster node is still a member (a live TaskExecutor's id may not be taken over)
     * @return the new registration id
     * @throws ProtocolException CONFLICT if another live process uses the same TaskExecutor id
     */
    public String registerTaskExecutor(RegisterTaskExecutor msg, long now, Predicate<String> isLiveNode) {
        boolean known = taskExecutors.isRegistered(msg.taskExecutorId());
        if (taskExecutors.mustReplace(msg, isLiveNode)) {
            unregisterTaskExecutor(msg.taskExecutorId());
        }
        TaskExecutorRecord record = taskExecutors.register(msg, newId.get(), now);
        slots.addTaskExecutor(msg.taskExecutorId(), msg.numberOfSlots(), msg.slotReport());
        checkNeeded = true;
        LOG.info("TaskExecutor {} {} with {} slots (node {})", msg.taskExecutorId(),
                known ? "registered again" : "registered", msg.numberOfSlots(), msg.nodeId());
        return record.registrationId();
    }

    /**
     * A TaskExecutor's heartbeat: reconciles its slot report.
     *
     * @throws ProtocolException UNKNOWN_SENDER if it is not registered under this registration id
     */
    public void heartbeatFromTaskExecutor(String taskExecutorId, String registrationId, SlotReport report, long now) {
        taskExecutors.heartbeat(taskExecutorId, registrationId, report, now);
        if (slots.reconcile(taskExecutorId, report)) {
            checkNeeded = true;
        }
    }

    /** Checks that the TaskExecutor is registered under this registration id. */
    public void checkRegistration(String taskExecutorId, String registrationId) {
        taskExecutors.checkRegistration(taskExecutorId, registrationId);
    }

    /** Removes a TaskExecutor and its slots at once (clean leave, node left, heartbeat timeout). */
    public boolean unregisterTaskExecutor(String taskExecutorId) {
        if (!taskExecutors.remove(taskExecutorId)) {
            return false;
        }
        slots.removeTaskExecutor(taskExecutorId);
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
        return taskExecutors.onNode(nodeId);
    }

    public boolean isRegistered(String taskExecutorId) {
        return taskExecutors.isRegistered(taskExecutorId);
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
        long submissionSeq = jobs.register(msg);
        checkNeeded = true;
        return submissionSeq;
    }

    /**
     * A JobMaster's heartbeat with its current declaration; the latest version wins.
     *
     * @throws ProtocolException UNKNOWN_SENDER if the job is not registered, STALE for an older JobMaster epoch
     */
    public void declareResources(String jobId, long jobMasterEpoch, ResourceDeclaration d) {
        if (jobs.declare(jobId, jobMasterEpoch, d)) {
            checkNeeded = true;
        }
    }

    /** The job ended: its requirement and place in the order are dropped. */
    public void deregisterJobMaster(String jobId, long jobMasterEpoch) {
        jobs.deregister(jobId, jobMasterEpoch);
        checkNeeded = true;
    }

    /** The job's JobMaster is gone (node left or heartbeat timeout); its requirement is kept for a while. */
    public void jobMasterLost(String jobId, long now) {
        if (jobs.jobMasterLost(jobId, now)) {
            checkNeeded = true;
        }
    }

    /** Jobs whose JobMaster is this cluster node. */
    public List<String> jobsOnNode(String nodeId) {
        return jobs.onNode(nodeId);
    }

    /** Forgets jobs whose JobMaster has been gone for {@code timeoutMillis}; returns their ids. */
    public List<String> expireDisconnectedJobs(long now, long timeoutMillis) {
        List<String> expired = jobs.expireDisconnected(now, timeoutMillis);
        if (!expired.isEmpty()) {
            checkNeeded = true;
        }
        return expired;
    }

    public Optional<JobRecord> job(String jobId) {
        return jobs.job(jobId);
    }

    public int quotaOf(String jobId) {
        return jobs.quotaOf(jobId);
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
     * Recomputes every job's share and requests free slots (picked by {@link SlotMatcher}) for jobs below
     * theirs. The requested slots become PENDING at once.
     */
    public MatchResult checkResourceRequirements() {
        checkNeeded = false;
        Map<String, Integer> quotaChanges = jobs.updateShares(slots.totalSlots());
        List<MatchResult.SlotRequest> requests = new ArrayList<>();
        for (JobRecord job : jobs.connectedInSubmissionOrder()) {
            int need = jobs.quotaOf(job.jobId()) - slots.acquiredBy(job.jobId());
            if (need <= 0) {
                continue;
            }
            for (SlotId slot : SlotMatcher.pickFreeSlots(slots, job.jobId(), need)) {
                String allocationId = newId.get();
                slots.transitionSlotToPending(slot, job.jobId(), allocationId);
                requests.add(new MatchResult.SlotRequest(slot, job.jobId(), job.jobMasterEpoch(), allocationId));
            }
        }
        return new MatchResult(requests, quotaChanges);
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

    /**
     * What active resource management plans from: the slots the connected jobs declared, every registered
     * TaskExecutor with whether all its slots are free, and whether a job is restoring (its JobMaster is gone
     * but may come back, or it holds fewer slots than its share).
     */
    WorkerPlanner.Demand workerDemand() {
        int declared = 0;
        boolean restoring = false;
        for (JobRequirements.JobState j : jobs.states()) {
            if (j.connected()) {
                declared += j.record().desiredSlots();
                restoring |= slots.acquiredBy(j.record().jobId()) < j.quota();
            } else {
                restoring = true;
            }
        }
        Map<String, WorkerPlanner.TaskExecutorUse> uses = new java.util.TreeMap<>();
        for (TaskExecutorRegistry.Registered te : taskExecutors.all()) {
            String id = te.record().taskExecutorId();
            boolean idle = slots.ofTaskExecutor(id).stream().allMatch(s -> s.state() == LedgerSlotState.FREE);
            uses.put(id, new WorkerPlanner.TaskExecutorUse(te.record().numberOfSlots(), idle));
        }
        return new WorkerPlanner.Demand(declared, uses, restoring);
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
        return overview(rmNodeId, rmStartedAt, List.of());
    }

    /** The view, with the node ids of the ResourceManagers standing by. */
    public ClusterOverview overview(String rmNodeId, long rmStartedAt, List<String> standbys) {
        List<TaskExecutorView> tes = new ArrayList<>();
        for (TaskExecutorRegistry.Registered te : taskExecutors.all()) {
            TaskExecutorRecord r = te.record();
            List<SlotView> slotViews = slots.ofTaskExecutor(r.taskExecutorId()).stream()
                    .map(s -> new SlotView(s.id().index(), s.state(), s.jobId(), s.allocationId()))
                    .collect(Collectors.toList());
            int free = (int) slotViews.stream().filter(s -> s.state() == LedgerSlotState.FREE).count();
            tes.add(new TaskExecutorView(r.taskExecutorId(), r.nodeId(), r.host(), r.dataPort(), r.numberOfSlots(), free,
                    r.registeredAt(), te.lastHeartbeat(), r.hardware(), slotViews));
        }
        List<JobResourceView> jobViews = jobs.states().stream()
                .map(j -> new JobResourceView(j.record().jobId(), j.record().jobName(), j.record().submissionSeq(),
                        j.connected(), j.record().minSlots(), j.record().desiredSlots(), j.quota(),
                        slots.acquiredBy(j.record().jobId())))
                .collect(Collectors.toList());
        return new ClusterOverview(rmEpoch, rmNodeId, rmStartedAt, tes, jobViews, standbys);
    }

    /** Whether anything changed that {@code drain…Changes} have not handed out yet. */
    public boolean hasUnreplicatedChanges() {
        return slots.hasChanges() || taskExecutors.hasChanges() || jobs.hasChanges();
    }

    public Map<String, SlotLedgerEntry> drainLedgerChanges() {
        return slots.drainChanges();
    }

    public Map<String, TaskExecutorRecord> drainTaskExecutorChanges() {
        return taskExecutors.drainChanges();
    }

    public Map<String, JobRecord> drainJobChanges() {
        return jobs.drainChanges();
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
