package io.ebbflow.rm;

import io.ebbflow.core.state.SlotLedgerEntry;
import io.ebbflow.core.protocol.LedgerSlotState;
import io.ebbflow.core.protocol.SlotReport;
import io.ebbflow.core.protocol.TaskSlotState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ResourceManager's view of every slot of every registered TaskExecutor, as explicit states with
 * one named transition each ({@code FREE → PENDING → ALLOCATED → FREE}). TaskExecutors' slot reports
 * are the truth it reconciles toward. Every change is also recorded as a ledger write, drained by the
 * owner with {@link #drainChanges()} and replicated to the shared map.
 *
 * <p>Pure bookkeeping: no I/O, no clock. Confined to the ResourceManager's verticle.
 */
public final class SlotTracker {

    private final java.util.NavigableMap<SlotId, TrackedSlot> slots = new TreeMap<>();
    private final Map<String, SlotId> byAllocation = new LinkedHashMap<>();
    /** Ledger writes since the last drain: key → entry, or null to remove. */
    private final Map<String, SlotLedgerEntry> changes = new LinkedHashMap<>();
    // Counts kept in step with every slot change (see index), so the questions asked after every message
    // and in every requirement check do not scan all slots.
    private int free;
    /** Job id → slots PENDING or ALLOCATED for it. */
    private final Map<String, Integer> acquiredByJob = new HashMap<>();
    /** Job id → TaskExecutor id → slots PENDING or ALLOCATED for the job there. */
    private final Map<String, Map<String, Integer>> jobSlotsByTe = new HashMap<>();
    /** TaskExecutor id → its matchable slots (FREE and not suspect); TaskExecutors with none are absent. */
    private final Map<String, Integer> matchableByTe = new HashMap<>();

    /** A tracked slot. {@code suspect} slots are not matched until their TaskExecutor reports again. */
    public record TrackedSlot(SlotId id, LedgerSlotState state, String jobId, String allocationId, boolean suspect) {
        SlotLedgerEntry toLedger() {
            return new SlotLedgerEntry(id.taskExecutorId(), id.index(), state, jobId, allocationId);
        }
    }

    /** Adds the slots of a newly registered TaskExecutor, all FREE, then applies its report. */
    public void addTaskExecutor(String taskExecutorId, int numberOfSlots, SlotReport report) {
        for (int i = 0; i < numberOfSlots; i++) {
            SlotId id = new SlotId(taskExecutorId, i);
            if (!slots.containsKey(id)) {
                put(new TrackedSlot(id, LedgerSlotState.FREE, null, null, false));
            }
        }
        reconcile(taskExecutorId, report);
    }

    /** Restores a slot from the ledger after a ResourceManager restart (no ledger write). */
    public void restore(SlotLedgerEntry entry) {
        SlotId id = new SlotId(entry.taskExecutorId(), entry.slotIndex());
        TrackedSlot s = new TrackedSlot(id, entry.state(), entry.jobId(), entry.allocationId(), false);
        index(slots.put(id, s), -1);
        index(s, 1);
        if (s.allocationId() != null) {
            byAllocation.put(s.allocationId(), id);
        }
    }

    /** Removes every slot of a TaskExecutor; returns what they were. */
    public List<TrackedSlot> removeTaskExecutor(String taskExecutorId) {
        List<TrackedSlot> removed = ofTaskExecutor(taskExecutorId);
        for (TrackedSlot s : removed) {
            index(slots.remove(s.id()), -1);
            if (s.allocationId() != null) {
                byAllocation.remove(s.allocationId());
            }
            changes.put(s.id().key(), null);
        }
        return removed;
    }

    /**
     * Reconciles with a TaskExecutor's report: a slot the TaskExecutor holds for a job becomes
     * ALLOCATED to it; a slot it reports free becomes FREE unless a request for it is in flight (PENDING).
     * Clears the slots' suspect marks.
     *
     * @return true if any slot changed state, or a free slot can be matched again (its suspect mark cleared)
     */
    public boolean reconcile(String taskExecutorId, SlotReport report) {
        boolean changed = false;
        for (SlotReport.Slot reported : report.slots()) {
            SlotId id = new SlotId(taskExecutorId, reported.index());
            TrackedSlot cur = slots.get(id);
            if (cur == null) {
                continue;
            }
            if (reported.state() == TaskSlotState.FREE) {
                if (cur.state() == LedgerSlotState.ALLOCATED) {
                    transitionSlotToFree(id);
                    changed = true;
                } else if (cur.suspect()) {
                    put(new TrackedSlot(id, cur.state(), cur.jobId(), cur.allocationId(), false));
                    changed |= cur.state() == LedgerSlotState.FREE;
                }
            } else if (cur.state() != LedgerSlotState.ALLOCATED || !reported.allocationId().equals(cur.allocationId())) {
                transitionSlotToAllocated(id, reported.jobId(), reported.allocationId());
                changed = true;
            } else if (cur.suspect()) {
                put(new TrackedSlot(id, cur.state(), cur.jobId(), cur.allocationId(), false));
            }
        }
        return changed;
    }

    /** The ResourceManager asks the slot's TaskExecutor to allocate it to a job. */
    public void transitionSlotToPending(SlotId id, String jobId, String allocationId) {
        TrackedSlot cur = require(id);
        if (cur.state() != LedgerSlotState.FREE) {
            throw new IllegalStateException("slot " + id + " is " + cur.state() + ", not FREE");
        }
        put(new TrackedSlot(id, LedgerSlotState.PENDING, jobId, allocationId, false));
    }

    /** The slot's TaskExecutor confirmed (or reported) that the slot is allocated to this job. */
    public void transitionSlotToAllocated(SlotId id, String jobId, String allocationId) {
        require(id);
        put(new TrackedSlot(id, LedgerSlotState.ALLOCATED, jobId, allocationId, false));
    }

    /** The slot is free again. */
    public void transitionSlotToFree(SlotId id) {
        require(id);
        put(new TrackedSlot(id, LedgerSlotState.FREE, null, null, false));
    }

    /** A request for the slot failed: it is free, but not matched again until its TaskExecutor reports. */
    public void markRequestFailed(SlotId id, String allocationId) {
        TrackedSlot cur = slots.get(id);
        if (cur != null && cur.state() == LedgerSlotState.PENDING && allocationId.equals(cur.allocationId())) {
            put(new TrackedSlot(id, LedgerSlotState.FREE, null, null, true));
        }
    }

    public Optional<TrackedSlot> get(SlotId id) {
        return Optional.ofNullable(slots.get(id));
    }

    public Optional<TrackedSlot> byAllocation(String allocationId) {
        SlotId id = byAllocation.get(allocationId);
        return id == null ? Optional.empty() : Optional.ofNullable(slots.get(id));
    }

    /** All slots, ordered by TaskExecutor id then index. */
    public java.util.Collection<TrackedSlot> all() {
        return Collections.unmodifiableCollection(slots.values());
    }

    /** The slots of one TaskExecutor, by index (a range of the sorted map, not a scan). */
    public List<TrackedSlot> ofTaskExecutor(String taskExecutorId) {
        return new ArrayList<>(slots.subMap(new SlotId(taskExecutorId, 0), true,
                new SlotId(taskExecutorId, Integer.MAX_VALUE), true).values());
    }

    public int totalSlots() {
        return slots.size();
    }

    public int freeSlots() {
        return free;
    }

    /** Slots PENDING or ALLOCATED for the job. */
    public int acquiredBy(String jobId) {
        return acquiredByJob.getOrDefault(jobId, 0);
    }

    /** TaskExecutor id → how many of its slots are FREE and not suspect; only TaskExecutors with such slots. */
    public Map<String, Integer> matchableByTaskExecutor() {
        return Collections.unmodifiableMap(matchableByTe);
    }

    /** TaskExecutor id → how many slots the job has there (PENDING or ALLOCATED). */
    public Map<String, Integer> jobSlotsByTaskExecutor(String jobId) {
        return Collections.unmodifiableMap(jobSlotsByTe.getOrDefault(jobId, Map.of()));
    }

    /** Whether the slot is offered to jobs: FREE, and its TaskExecutor has reported since a request for it failed. */
    static boolean isMatchable(TrackedSlot s) {
        return s.state() == LedgerSlotState.FREE && !s.suspect();
    }

    /** Whether writes were recorded since the last drain. */
    public boolean hasChanges() {
        return !changes.isEmpty();
    }

    /** The ledger writes recorded since the last call: key → entry, or null for a removal. */
    public Map<String, SlotLedgerEntry> drainChanges() {
        Map<String, SlotLedgerEntry> out = new LinkedHashMap<>(changes);
        changes.clear();
        return out;
    }

    private TrackedSlot require(SlotId id) {
        TrackedSlot cur = slots.get(id);
        if (cur == null) {
            throw new IllegalStateException("unknown slot " + id);
        }
        return cur;
    }

    /** Adds ({@code sign} 1) or takes away (-1) a slot's part in the counts; a null slot has none. */
    private void index(TrackedSlot s, int sign) {
        if (s == null) {
            return;
        }
        String te = s.id().taskExecutorId();
        if (s.state() == LedgerSlotState.FREE) {
            free += sign;
        }
        if (isMatchable(s)) {
            matchableByTe.merge(te, sign, SlotTracker::sumOrDrop);
        }
        if (s.jobId() != null) {
            acquiredByJob.merge(s.jobId(), sign, SlotTracker::sumOrDrop);
            Map<String, Integer> perTe = jobSlotsByTe.computeIfAbsent(s.jobId(), j -> new HashMap<>());
            perTe.merge(te, sign, SlotTracker::sumOrDrop);
            if (perTe.isEmpty()) {
                jobSlotsByTe.remove(s.jobId());
            }
        }
    }

    /** A count's new value, or null (the key goes) at zero. */
    private static Integer sumOrDrop(Integer a, Integer b) {
        int sum = a + b;
        return sum == 0 ? null : sum;
    }

    private void put(TrackedSlot s) {
        TrackedSlot old = slots.put(s.id(), s);
        index(old, -1);
        index(s, 1);
        if (old != null && old.allocationId() != null) {
            byAllocation.remove(old.allocationId());
        }
        if (s.allocationId() != null) {
            byAllocation.put(s.allocationId(), s.id());
        }
        if (old == null || old.state() != s.state() || !java.util.Objects.equals(old.allocationId(), s.allocationId())) {
            changes.put(s.id().key(), s.toLedger());
        }
    }
}
