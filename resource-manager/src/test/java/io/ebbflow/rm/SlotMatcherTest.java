package io.ebbflow.rm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.protocol.SlotReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotMatcherTest {

    private final SlotTracker slots = new SlotTracker();

    @Test
    void aTaskExecutorWhereTheJobAlreadyHasSlotsComesFirst() {
        addTaskExecutor("te-a", 2);
        addTaskExecutor("te-b", 4);
        slots.transitionSlotToAllocated(new SlotId("te-a", 0), "job-1", "alloc-1");

        assertThat(SlotMatcher.pickFreeSlots(slots, "job-1", 2))
                .containsExactly(new SlotId("te-a", 1), new SlotId("te-b", 0));
    }

    @Test
    void otherwiseTheTaskExecutorWithTheMostFreeSlotsThenTheLowestId() {
        addTaskExecutor("te-c", 3);
        addTaskExecutor("te-b", 2);
        addTaskExecutor("te-a", 2);

        assertThat(SlotMatcher.pickFreeSlots(slots, "job-1", 6)).containsExactly(
                new SlotId("te-c", 0), new SlotId("te-c", 1), new SlotId("te-c", 2),
                new SlotId("te-a", 0), new SlotId("te-a", 1), new SlotId("te-b", 0));
    }

    @Test
    void slotsHeldByOtherJobsOrSuspectAreNotPicked() {
        addTaskExecutor("te-a", 3);
        slots.transitionSlotToPending(new SlotId("te-a", 0), "job-2", "alloc-2");
        slots.transitionSlotToPending(new SlotId("te-a", 1), "job-1", "alloc-1");
        slots.markRequestFailed(new SlotId("te-a", 1), "alloc-1");

        assertThat(SlotMatcher.pickFreeSlots(slots, "job-1", 3)).containsExactly(new SlotId("te-a", 2));
    }

    @Test
    void neverMoreThanAskedAndNothingChanges() {
        addTaskExecutor("te-a", 4);
        List<SlotTracker.TrackedSlot> before = new ArrayList<>(slots.all());

        assertThat(SlotMatcher.pickFreeSlots(slots, "job-1", 2)).hasSize(2);
        assertThat(SlotMatcher.pickFreeSlots(slots, "job-1", 0)).isEmpty();
        assertThat(slots.all()).containsExactlyElementsOf(before);
    }

    private void addTaskExecutor(String id, int n) {
        List<SlotReport.Slot> free = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            free.add(SlotReport.Slot.free(i));
        }
        slots.addTaskExecutor(id, n, new SlotReport(free));
    }
}
