package io.ebbflow.jm.slots;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How many slots each slot-sharing group gets from the slots a job holds, and so each vertex's
 * parallelism (spec §3.8, Flink's {@code SlotSharingSlotAllocator}): every group first gets its minimum
 * (its largest vertex minimum); the surplus is shared evenly, the groups with the narrowest range
 * (largest target − largest minimum) served first so what they cannot use flows to wider ones, ties
 * broken by group id. A vertex runs at {@code min(its target, its group's slots)}.
 */
public final class SlotSharingAllocator {

    private SlotSharingAllocator() {
    }

    /** A vertex's bounds and group. */
    public record Vertex(String id, String group, int min, int target) {
    }

    /**
     * @return each vertex's parallelism, or empty if the slots are fewer than the sum of the group minimums
     */
    public static Optional<Map<String, Integer>> determineParallelism(List<Vertex> vertices, int slots) {
        Map<String, int[]> groups = new TreeMap<>();
        for (Vertex v : vertices) {
            int[] g = groups.computeIfAbsent(v.group(), k -> new int[] {0, 0});
            g[0] = Math.max(g[0], v.min());
            g[1] = Math.max(g[1], v.target());
        }
        int minRequired = groups.values().stream().mapToInt(g -> g[0]).sum();
        if (slots < minRequired) {
            return Optional.empty();
        }
        List<Map.Entry<String, int[]>> order = new ArrayList<>(groups.entrySet());
        order.sort(Comparator.<Map.Entry<String, int[]>>comparingInt(e -> e.getValue()[1] - e.getValue()[0])
                .thenComparing(Map.Entry::getKey));
        Map<String, Integer> slotsPerGroup = new LinkedHashMap<>();
        int remainingSlots = slots;
        int remainingGroups = order.size();
        int reservedForMins = minRequired;
        for (Map.Entry<String, int[]> e : order) {
            int maxLower = e.getValue()[0];
            int maxUpper = e.getValue()[1];
            int optionalCap = maxUpper - maxLower;
            int optionalPool = remainingSlots - reservedForMins;
            int fairShare = optionalPool / remainingGroups;
            int given = maxLower + Math.min(optionalCap, fairShare);
            slotsPerGroup.put(e.getKey(), given);
            reservedForMins -= maxLower;
            remainingSlots -= given;
            remainingGroups--;
        }
        Map<String, Integer> parallelism = new LinkedHashMap<>();
        for (Vertex v : vertices) {
            parallelism.put(v.id(), Math.min(v.target(), slotsPerGroup.get(v.group())));
        }
        return Optional.of(parallelism);
    }

    /** Slots each group needs for the given vertex parallelism: its largest vertex parallelism. */
    public static Map<String, Integer> slotsPerGroup(List<Vertex> vertices, Map<String, Integer> parallelism) {
        Map<String, Integer> out = new TreeMap<>();
        for (Vertex v : vertices) {
            out.merge(v.group(), parallelism.get(v.id()), Math::max);
        }
        return out;
    }
}
