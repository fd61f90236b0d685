package io.ebbflow.core.protocol;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A TaskExecutor's account of all its slots: the truth the ResourceManager reconciles its ledger to.
 * Sent on registration and with every heartbeat.
 *
 * @param slots one entry per slot, indices 0..n-1, each exactly once
 */
public record SlotReport(List<Slot> slots) {

    public SlotReport {
        slots = Require.list(slots, "slots", 1024);
        Set<Integer> seen = new HashSet<>();
        for (Slot s : slots) {
            if (!seen.add(s.index())) {
                throw new IllegalArgumentException("field 'slots' lists slot " + s.index() + " twice");
            }
            if (s.index() >= slots.size()) {
                throw new IllegalArgumentException("field 'slots' has " + slots.size() + " slots but lists index " + s.index());
            }
        }
    }

    /**
     * One slot as its TaskExecutor sees it.
     *
     * @param index slot number on its TaskExecutor
     * @param state FREE, ALLOCATED (to a job, not yet accepted by its JobMaster) or ACTIVE (accepted)
     * @param jobId the owning job; null iff FREE
     * @param allocationId the allocation; null iff FREE
     */
    public record Slot(int index, TaskSlotState state, String jobId, String allocationId) {
        public Slot {
            Require.between(index, 0, 1023, "index");
            Require.present(state, "state");
            if (state == TaskSlotState.FREE) {
                if (jobId != null || allocationId != null) {
                    throw new IllegalArgumentException("a FREE slot has no 'jobId' or 'allocationId'");
                }
            } else {
                Require.id(jobId, "jobId");
                Require.id(allocationId, "allocationId");
            }
        }

        public static Slot free(int index) {
            return new Slot(index, TaskSlotState.FREE, null, null);
        }
    }
}
