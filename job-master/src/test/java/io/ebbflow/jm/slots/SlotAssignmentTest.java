package io.ebbflow.jm.slots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.core.protocol.JobMasterMessages.SlotOffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which held slots an execution takes: slot k of a group hosts subtask k of each of its vertices. */
class SlotAssignmentTest {

    private final DeclarativeSlotPool pool = new DeclarativeSlotPool(Duration.ofSeconds(10));

    private static final List<SlotSharingAllocator.Vertex> VERTICES = List.of(
            new SlotSharingAllocator.Vertex("src", "a", 1, 4), new SlotSharingAllocator.Vertex("map", "a", 1, 4),
            new SlotSharingAllocator.Vertex("sink", "b", 1, 2));

    private void hold(String te, int slots) {
        List<SlotOffer> offers = java.util.stream.IntStream.range(0, slots)
                .mapToObj(i -> new SlotOffer(i, te + "-" + i)).toList();
        pool.offerSlots(te, "node-" + te, "127.0.0.1", 7000, offers, 0);
    }

    @Test
    void eachGroupGetsAsManySlotsAsItsWidestVertexPackedOntoTheFewestTaskExecutors() {
        pool.setRequirement(1, 8, 0);
        hold("te-a", 1);
        hold("te-b", 3);
        hold("te-c", 2);
        SlotAssignment assignment = SlotAssignment.choose(VERTICES, Map.of("src", 3, "map", 2, "sink", 1), pool);
        assertThat(assignment.size()).isEqualTo(4);
        assertThat(assignment.byGroup().get("a")).hasSize(3);
        assertThat(assignment.byGroup().get("b")).hasSize(1);
        // The TaskExecutor with the most free slots first, then the next: te-a's lone slot stays free.
        assertThat(assignment.allocationIds()).containsExactly("te-b-0", "te-b-1", "te-b-2", "te-c-0");
        assertThat(assignment.slot("a", 2).allocationId()).isEqualTo("te-b-2");
        assertThat(assignment.slot("b", 0).taskExecutorId()).isEqualTo("te-c");
    }

    @Test
    void tooFewFreeSlotsAreSaidSo() {
        pool.setRequirement(1, 8, 0);
        hold("te-a", 2);
        assertThatThrownBy(() -> SlotAssignment.choose(VERTICES, Map.of("src", 2, "map", 2, "sink", 2), pool))
                .isInstanceOf(IllegalStateException.class).hasMessage("only 2 free slots, 4 needed");
    }
}
