package io.ebbflow.jm.slots;

import io.ebbflow.jm.slots.DeclarativeSlotPool.PooledSlot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which held slots an execution uses: slot k of a slot-sharing group hosts subtask k of every vertex in
 * the group. Pure; the pool's free slots are chosen packed onto the fewest TaskExecutors.
 *
 * @param byGroup per group, its slots in subtask order
 */
public record SlotAssignment(Map<String, List<PooledSlot>> byGroup) {

    public SlotAssignment {
        Map<String, List<PooledSlot>> copy = new LinkedHashMap<>();
        byGroup.forEach((g, slots) -> copy.put(g, List.copyOf(slots)));
        byGroup = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Chooses free slots of {@code pool} for this parallelism.
     *
     * @throws IllegalStateException if the pool has too few free slots
     */
    public static SlotAssignment choose(List<SlotSharingAllocator.Vertex> vertices, Map<String, Integer> parallelism,
            DeclarativeSlotPool pool) {
        Map<String, Integer> perGroup = SlotSharingAllocator.slotsPerGroup(vertices, parallelism);
        List<PooledSlot> chosen = pool.chooseFree(perGroup.values().stream().mapToInt(i -> i).sum());
        Map<String, List<PooledSlot>> byGroup = new LinkedHashMap<>();
        int next = 0;
        for (Map.Entry<String, Integer> g : perGroup.entrySet()) {
            byGroup.put(g.getKey(), chosen.subList(next, next + g.getValue()));
            next += g.getValue();
        }
        return new SlotAssignment(byGroup);
    }

    /** The slot of subtask {@code index} of a vertex in {@code group}. */
    public PooledSlot slot(String group, int index) {
        return byGroup.get(group).get(index);
    }

    /** Every slot used, as allocation ids. */
    public List<String> allocationIds() {
        List<String> out = new ArrayList<>();
        byGroup.values().forEach(slots -> slots.forEach(s -> out.add(s.allocationId())));
        return out;
    }

    public int size() {
        return byGroup.values().stream().mapToInt(List::size).sum();
    }
}
