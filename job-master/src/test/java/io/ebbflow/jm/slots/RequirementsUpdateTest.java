package io.ebbflow.jm.slots;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.protocol.JobMasterMessages.Bounds;
import io.ebbflow.runtime.graph.JobVertex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** New vertex bounds validated as Flink validates {@code PUT /jobs/:id/resource-requirements}. */
class RequirementsUpdateTest {

    private static JobVertex vertex(String id, String group, int maxParallelism) {
        return new JobVertex(id, id + "-name", 1, 2, maxParallelism, false, group, List.of());
    }

    private static final List<JobVertex> JOB = List.of(vertex("src", "a", 128), vertex("map", "a", 128),
            vertex("sink", "b", 4));

    private static Map<String, Bounds> bounds(Object... idLowerUpper) {
        Map<String, Bounds> out = new LinkedHashMap<>();
        for (int i = 0; i < idLowerUpper.length; i += 3) {
            out.put((String) idLowerUpper[i], new Bounds((Integer) idLowerUpper[i + 1], (Integer) idLowerUpper[i + 2]));
        }
        return out;
    }

    @Test
    void validBoundsAreFoldedPerSlotSharingGroup() {
        RequirementsUpdate.Outcome out = RequirementsUpdate.validate(JOB, bounds("src", 1, 3, "map", 2, 6, "sink", 1, 2));
        assertThat(out.ok()).isTrue();
        assertThat(out.accepted().vertices()).containsExactly(new SlotSharingAllocator.Vertex("src", "a", 1, 3),
                new SlotSharingAllocator.Vertex("map", "a", 2, 6), new SlotSharingAllocator.Vertex("sink", "b", 1, 2));
        // Group a needs max(1, 2) to max(3, 6) slots, group b 1 to 2.
        assertThat(out.accepted().slots().minSlots()).isEqualTo(3);
        assertThat(out.accepted().slots().desiredSlots()).isEqualTo(8);
    }

    @Test
    void minusOneMeansOneBelowAndTheMaxParallelismAbove() {
        RequirementsUpdate.Outcome out = RequirementsUpdate.validate(JOB, bounds("src", -1, -1, "map", 1, 1, "sink", -1, -1));
        assertThat(out.ok()).isTrue();
        assertThat(out.accepted().vertices()).contains(new SlotSharingAllocator.Vertex("src", "a", 1, 128),
                new SlotSharingAllocator.Vertex("sink", "b", 1, 4));
    }

    @Test
    void everyProblemIsNamedAndNothingIsAccepted() {
        RequirementsUpdate.Outcome out = RequirementsUpdate.validate(JOB,
                bounds("src", 3, 2, "sink", 1, 5, "ghost", 1, 1));
        assertThat(out.ok()).isFalse();
        assertThat(out.accepted()).isNull();
        assertThat(out.errors()).containsExactlyInAnyOrder("vertex map is missing",
                "vertex src: lowerBound 3 is above upperBound 2", "vertex sink: upperBound 5 is above its max parallelism 4",
                "vertex ghost is not in the job");
    }

    @Test
    void boundsBelowOneAreRefused() {
        RequirementsUpdate.Outcome out = RequirementsUpdate.validate(JOB, bounds("src", 0, 2, "map", 1, 2, "sink", 1, -2));
        assertThat(out.errors()).containsExactlyInAnyOrder(
                "vertex src: bounds must be at least 1 (or -1), got lowerBound 0, upperBound 2",
                "vertex sink: bounds must be at least 1 (or -1), got lowerBound 1, upperBound -2");
    }
}
