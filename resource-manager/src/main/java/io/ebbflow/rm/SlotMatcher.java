package io.ebbflow.rm;

import io.ebbflow.core.protocol.LedgerSlotState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
        Map<String, Integer> freeByTe = new HashMap<>();
        Map<String, Integer> jobByTe = new HashMap<>();
        for (SlotTracker.TrackedSlot s : slots.all()) {
            String te = s.id().taskExecutorId();
            if (isMatchable(s)) {
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
                if (isMatchable(s)) {
                    picked.add(s.id());
                }
            }
        }
        return picked;
    }

    private static boolean isMatchable(SlotTracker.TrackedSlot s) {
        return s.state() == LedgerSlotState.FREE && !s.suspect();
    }
}
