package io.ebbflow.rm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which free slots a job gets: TaskExecutors where the job already has slots come first, then those
 * with the most free slots, then by id; within a TaskExecutor, lowest index first. So a job fills whole
 * TaskExecutors, and TaskExecutors that empty out can be released. Suspect slots (a request failed and
 * their TaskExecutor has not reported since) are not picked.
 *
 * <p>A pure function of the slot states: it changes nothing.
 */
final class SlotMatcher {

    private SlotMatcher() {
    }

    /** Up to {@code count} free slots for the job, in the order described above. */
    static List<SlotId> pickFreeSlots(SlotTracker slots, String jobId, int count) {
        if (count <= 0) {
            return List.of();
        }
        Map<String, Integer> freeByTe = slots.matchableByTaskExecutor();
        Map<String, Integer> jobByTe = slots.jobSlotsByTaskExecutor(jobId);
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
                if (SlotTracker.isMatchable(s)) {
                    picked.add(s.id());
                }
            }
        }
        return picked;
    }
}
