package io.ebbflow.jm.slots;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.jm.slots.SlotSharingAllocator.Vertex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SlotSharingAllocatorTest {

    @Test
    void specWorkedExampleNarrowGroupFirstLeftoverToTheWideOne() {
        // G2 {min 2, max 3}, G1 {min 1, max 10}, 8 slots -> G2 gets 3, G1 gets 5.
        List<Vertex> vertices = List.of(
                new Vertex("a", "G2", 2, 3), new Vertex("b", "G2", 1, 2),
                new Vertex("c", "G1", 1, 10), new Vertex("d", "G1", 1, 4));
        Map<String, Integer> p = SlotSharingAllocator.determineParallelism(vertices, 8).orElseThrow();
        assertThat(p).containsEntry("a", 3).containsEntry("b", 2).containsEntry("c", 5).containsEntry("d", 4);
        assertThat(SlotSharingAllocator.slotsPerGroup(vertices, p)).containsEntry("G2", 3).containsEntry("G1", 5);
    }

    @Test
    void fewerSlotsThanTheSumOfGroupMinimumsGivesNoParallelism() {
        List<Vertex> vertices = List.of(new Vertex("a", "G1", 2, 4), new Vertex("b", "G2", 2, 4));
        assertThat(SlotSharingAllocator.determineParallelism(vertices, 3)).isEmpty();
        assertThat(SlotSharingAllocator.determineParallelism(vertices, 4)).hasValue(Map.of("a", 2, "b", 2));
    }

    @Test
    void oneGroupRunsAtMinOfTargetAndSlots() {
        List<Vertex> vertices = List.of(new Vertex("src", "default", 1, 4), new Vertex("sink", "default", 1, 2));
        assertThat(SlotSharingAllocator.determineParallelism(vertices, 3)).hasValue(Map.of("src", 3, "sink", 2));
        assertThat(SlotSharingAllocator.determineParallelism(vertices, 9)).hasValue(Map.of("src", 4, "sink", 2));
    }

    @Test
    void equalRangesTieBreakByGroupIdSoTheResultIsStable() {
        List<Vertex> vertices = List.of(new Vertex("x", "b", 1, 5), new Vertex("y", "a", 1, 5));
        // 5 slots, 3 optional: 'a' first gets 1 + 1, 'b' then gets 1 + 2.
        assertThat(SlotSharingAllocator.determineParallelism(vertices, 5)).hasValue(Map.of("y", 2, "x", 3));
    }

    /** 300 seeded random cases: 1 to 6 groups with minimums 1 to 8, targets up to 8 above, 0 to 60 slots. */
    static Stream<Arguments> randomGroups() {
        Random random = new Random(20261206L);
        return IntStream.range(0, 300).mapToObj(i -> Arguments.of(
                IntStream.range(0, 1 + random.nextInt(6)).mapToObj(j -> 1 + random.nextInt(8)).toList(),
                random.nextInt(9), random.nextInt(61)));
    }

    @ParameterizedTest
    @MethodSource("randomGroups")
    void boundsHoldAndNoUsableSlotIsLeftIdle(List<Integer> mins, int extra, int slots) {
        List<Vertex> vertices = new ArrayList<>();
        int minSum = 0;
        int maxSum = 0;
        for (int i = 0; i < mins.size(); i++) {
            int min = mins.get(i);
            int target = min + (extra * (i + 1)) % 9;
            vertices.add(new Vertex("v" + i, "g" + i, min, target));
            minSum += min;
            maxSum += target;
        }
        var result = SlotSharingAllocator.determineParallelism(vertices, slots);
        if (slots < minSum) {
            assertThat(result).isEmpty();
            return;
        }
        Map<String, Integer> p = result.orElseThrow();
        int used = 0;
        for (Vertex v : vertices) {
            assertThat(p.get(v.id())).isBetween(v.min(), v.target());
            used += p.get(v.id());
        }
        assertThat(used).isEqualTo(Math.min(slots, maxSum));
    }
}
