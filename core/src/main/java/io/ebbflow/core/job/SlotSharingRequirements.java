package io.ebbflow.core.job;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A job's slot needs, folded per slot-sharing group: a group needs as many slots as its most demanding
 * vertex, because slot k of the group hosts subtask k of every vertex in it.
 *
 * <ul>
 *   <li>per group: {@code minSlots = max(vertex.min)}, {@code desiredSlots = max(vertex.target)};</li>
 *   <li>for the job: the sums over its groups. {@code desiredSlots} is what the JobMaster declares;
 *       below {@code minSlots} the job cannot run.</li>
 * </ul>
 *
 * @param groups per group id (sorted), its requirement
 */
public record SlotSharingRequirements(Map<String, Group> groups) {

    public SlotSharingRequirements {
        groups = Collections.unmodifiableMap(new TreeMap<>(groups));
    }

    /** Folds the vertices into their groups. */
    public static SlotSharingRequirements of(Collection<VertexDescription> vertices) {
        Map<String, Group> groups = new TreeMap<>();
        for (VertexDescription v : vertices) {
            groups.merge(v.slotSharingGroup(),
                    new Group(v.minParallelism(), v.targetParallelism(), v.minParallelism()),
                    (a, b) -> new Group(Math.max(a.minSlots(), b.minSlots()),
                            Math.max(a.desiredSlots(), b.desiredSlots()),
                            Math.min(a.smallestMin(), b.smallestMin())));
        }
        return new SlotSharingRequirements(groups);
    }

    /** Slots without which the job cannot run: Σ over groups of the largest vertex minimum. */
    public int minSlots() {
        return groups.values().stream().mapToInt(Group::minSlots).sum();
    }

    /** Slots the job asks for: Σ over groups of the largest vertex target. */
    public int desiredSlots() {
        return groups.values().stream().mapToInt(Group::desiredSlots).sum();
    }

    /**
     * One group's requirement.
     *
     * @param minSlots the largest minimum of its vertices
     * @param desiredSlots the largest target of its vertices
     * @param smallestMin the smallest minimum of its vertices (informational)
     */
    public record Group(int minSlots, int desiredSlots, int smallestMin) {
    }
}
