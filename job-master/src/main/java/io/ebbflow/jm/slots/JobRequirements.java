package io.ebbflow.jm.slots;

import io.ebbflow.core.job.SlotSharingRequirements;
import java.util.List;
import java.util.Optional;

/**
 * The job's current requirements: each vertex's bounds (what the scheduler divides slots by) and the slots
 * they need, folded per slot-sharing group. Set at start-up from the job, replaced by
 * {@code PUT /jobs/:id/resource-requirements}. Confined to the JobMaster's event loop.
 */
public final class JobRequirements {

    private List<SlotSharingAllocator.Vertex> vertices;
    private SlotSharingRequirements slots;

    public JobRequirements(List<SlotSharingAllocator.Vertex> vertices, SlotSharingRequirements slots) {
        this.vertices = List.copyOf(vertices);
        this.slots = slots;
    }

    /** Each vertex's bounds, as the scheduler uses them (empty for a job without a dataflow). */
    public List<SlotSharingAllocator.Vertex> vertices() {
        return vertices;
    }

    /** The slots the current bounds need. */
    public SlotSharingRequirements slots() {
        return slots;
    }

    /** A vertex's current bounds, if the job has them. */
    public Optional<SlotSharingAllocator.Vertex> vertex(String id) {
        return vertices.stream().filter(v -> v.id().equals(id)).findFirst();
    }

    /** New bounds, validated by {@link RequirementsUpdate}. */
    public void update(RequirementsUpdate.Accepted accepted) {
        this.vertices = accepted.vertices();
        this.slots = accepted.slots();
    }
}
