package io.ebbflow.te;

import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.SlotReport;
import io.ebbflow.core.protocol.TaskSlotState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A TaskExecutor's slots: the source of truth for them, reported to the ResourceManager on every
 * heartbeat. A slot is FREE, ALLOCATED to a job (requested by the ResourceManager, offered to the job's
 * JobMaster, not yet accepted) or ACTIVE (accepted). An ALLOCATED slot that is not accepted within
 * {@code taskmanager.slot.timeout} is freed by {@link #expire(long)}.
 *
 * <p>Pure bookkeeping with {@code now} passed in. Confined to the TaskExecutor's verticle.
 */
public final class TaskSlotTable {

    private final TaskSlot[] slots;
    private final long slotTimeoutMillis;

    /**
     * One slot.
     *
     * @param jobMasterEpoch the newest JobMaster epoch seen for the slot's job
     * @param deadline when an ALLOCATED slot is freed unless accepted (epoch millis); 0 otherwise
     */
    public record TaskSlot(int index, TaskSlotState state, String jobId, long jobMasterEpoch, String allocationId,
            long deadline) {

        static TaskSlot free(int index) {
            return new TaskSlot(index, TaskSlotState.FREE, null, 0, null, 0);
        }

        SlotReport.Slot toReport() {
            return state == TaskSlotState.FREE ? SlotReport.Slot.free(index)
                    : new SlotReport.Slot(index, state, jobId, allocationId);
        }
    }

    public TaskSlotTable(int numberOfSlots, Duration slotTimeout) {
        this.slots = new TaskSlot[numberOfSlots];
        for (int i = 0; i < numberOfSlots; i++) {
            slots[i] = TaskSlot.free(i);
        }
        this.slotTimeoutMillis = slotTimeout.toMillis();
    }

    public int size() {
        return slots.length;
    }

    /**
     * Allocates a slot to a job. Allocating a slot again to the same allocation is a no-op.
     *
     * @return true if the slot was newly allocated
     * @throws ProtocolException NOT_FOUND for a bad index, CONFLICT if the slot belongs to another allocation
     */
    public boolean allocate(int index, String jobId, long jobMasterEpoch, String allocationId, long now) {
        if (index < 0 || index >= slots.length) {
            throw ProtocolException.notFound("slot " + index + " does not exist (this task executor has "
                    + slots.length + " slots)");
        }
        TaskSlot cur = slots[index];
        if (cur.state() != TaskSlotState.FREE) {
            if (allocationId.equals(cur.allocationId())) {
                return false;
            }
            throw ProtocolException.conflict("slot " + index + " is " + cur.state() + " for job " + cur.jobId()
                    + " (allocation " + cur.allocationId() + ")");
        }
        slots[index] = new TaskSlot(index, TaskSlotState.ALLOCATED, jobId, jobMasterEpoch, allocationId,
                now + slotTimeoutMillis);
        return true;
    }

    /** The job's JobMaster accepted the slot. */
    public boolean markActive(String allocationId) {
        Optional<TaskSlot> s = byAllocation(allocationId);
        if (s.isEmpty() || s.get().state() == TaskSlotState.FREE) {
            return false;
        }
        TaskSlot t = s.get();
        slots[t.index()] = new TaskSlot(t.index(), TaskSlotState.ACTIVE, t.jobId(), t.jobMasterEpoch(), t.allocationId(), 0);
        return true;
    }

    /** Frees a slot; returns it as it was, if it was allocated. */
    public Optional<TaskSlot> free(String allocationId) {
        Optional<TaskSlot> s = byAllocation(allocationId);
        s.ifPresent(t -> slots[t.index()] = TaskSlot.free(t.index()));
        return s;
    }

    /** Frees every slot of a job; returns them as they were. */
    public List<TaskSlot> freeJob(String jobId) {
        List<TaskSlot> freed = ofJob(jobId);
        freed.forEach(t -> slots[t.index()] = TaskSlot.free(t.index()));
        return freed;
    }

    /**
     * The job's JobMaster is gone: its active slots go back to ALLOCATED with a fresh deadline, so a
     * restarted JobMaster of the job can take them back before they are freed.
     */
    public List<TaskSlot> markJobInactive(String jobId, long now) {
        List<TaskSlot> changed = new ArrayList<>();
        for (TaskSlot t : ofJob(jobId)) {
            if (t.state() == TaskSlotState.ACTIVE) {
                TaskSlot n = new TaskSlot(t.index(), TaskSlotState.ALLOCATED, jobId, t.jobMasterEpoch(), t.allocationId(),
                        now + slotTimeoutMillis);
                slots[t.index()] = n;
                changed.add(n);
            }
        }
        return changed;
    }

    /** Frees ALLOCATED slots past their deadline; returns them as they were. */
    public List<TaskSlot> expire(long now) {
        List<TaskSlot> expired = new ArrayList<>();
        for (TaskSlot t : slots) {
            if (t.state() == TaskSlotState.ALLOCATED && t.deadline() <= now) {
                expired.add(t);
                slots[t.index()] = TaskSlot.free(t.index());
            }
        }
        return expired;
    }

    /** Records a newer JobMaster epoch for the job; refuses an older one. */
    public void checkJobMasterEpoch(String jobId, long jobMasterEpoch) {
        long known = knownJobMasterEpoch(jobId);
        if (jobMasterEpoch < known) {
            throw ProtocolException.stale("job " + jobId + " has JobMaster epoch " + known + " here; epoch "
                    + jobMasterEpoch + " is stale");
        }
        if (jobMasterEpoch > known) {
            for (TaskSlot t : ofJob(jobId)) {
                slots[t.index()] = new TaskSlot(t.index(), t.state(), jobId, jobMasterEpoch, t.allocationId(), t.deadline());
            }
        }
    }

    /** The newest JobMaster epoch recorded on the job's slots (0 if it has none here). */
    public long knownJobMasterEpoch(String jobId) {
        return ofJob(jobId).stream().mapToLong(TaskSlot::jobMasterEpoch).max().orElse(0);
    }

    public Optional<TaskSlot> byAllocation(String allocationId) {
        for (TaskSlot t : slots) {
            if (allocationId.equals(t.allocationId())) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public List<TaskSlot> ofJob(String jobId) {
        List<TaskSlot> out = new ArrayList<>();
        for (TaskSlot t : slots) {
            if (jobId.equals(t.jobId())) {
                out.add(t);
            }
        }
        return out;
    }

    /** The job's slots waiting for its JobMaster's acceptance. */
    public List<TaskSlot> offerable(String jobId) {
        List<TaskSlot> out = new ArrayList<>();
        for (TaskSlot t : ofJob(jobId)) {
            if (t.state() == TaskSlotState.ALLOCATED) {
                out.add(t);
            }
        }
        return out;
    }

    /** Jobs with at least one slot here. */
    public Set<String> jobs() {
        Set<String> out = new LinkedHashSet<>();
        for (TaskSlot t : slots) {
            if (t.jobId() != null) {
                out.add(t.jobId());
            }
        }
        return out;
    }

    public SlotReport report() {
        List<SlotReport.Slot> out = new ArrayList<>(slots.length);
        for (TaskSlot t : slots) {
            out.add(t.toReport());
        }
        return new SlotReport(out);
    }

    public int freeSlots() {
        int n = 0;
        for (TaskSlot t : slots) {
            if (t.state() == TaskSlotState.FREE) {
                n++;
            }
        }
        return n;
    }
}
