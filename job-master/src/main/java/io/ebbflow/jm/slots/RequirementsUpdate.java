package io.ebbflow.jm.slots;

import io.ebbflow.core.job.SlotSharingRequirements;
import io.ebbflow.core.job.VertexDescription;
import io.ebbflow.core.protocol.JobMasterMessages.Bounds;
import io.ebbflow.runtime.graph.JobVertex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Validates new vertex bounds ({@code PUT /jobs/:jobid/resource-requirements}) as Flink does: every vertex
 * of the job and nothing else; -1 means 1 below and the max parallelism above; 1 <= lower <= upper <= max
 * parallelism. Pure.
 */
public final class RequirementsUpdate {

    private RequirementsUpdate() {
    }

    /** Valid bounds: per vertex, and the slots they need. */
    public record Accepted(List<SlotSharingAllocator.Vertex> vertices, SlotSharingRequirements slots) {
    }

    /** The outcome: either accepted bounds or every problem found. */
    public record Outcome(Accepted accepted, List<String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    public static Outcome validate(Collection<JobVertex> jobVertices, Map<String, Bounds> requested) {
        List<String> errors = new ArrayList<>();
        for (JobVertex v : jobVertices) {
            if (!requested.containsKey(v.id())) {
                errors.add("vertex " + v.id() + " is missing");
            }
        }
        List<SlotSharingAllocator.Vertex> bounds = new ArrayList<>();
        List<VertexDescription> described = new ArrayList<>();
        for (Map.Entry<String, Bounds> e : requested.entrySet()) {
            JobVertex v = jobVertices.stream().filter(x -> x.id().equals(e.getKey())).findFirst().orElse(null);
            if (v == null) {
                errors.add("vertex " + e.getKey() + " is not in the job");
                continue;
            }
            int lower = e.getValue().lowerBound() == -1 ? 1 : e.getValue().lowerBound();
            int upper = e.getValue().upperBound() == -1 ? v.maxParallelism() : e.getValue().upperBound();
            if (lower < 1 || upper < 1) {
                errors.add("vertex " + v.id() + ": bounds must be at least 1 (or -1), got lowerBound " + lower
                        + ", upperBound " + upper);
            } else if (lower > upper) {
                errors.add("vertex " + v.id() + ": lowerBound " + lower + " is above upperBound " + upper);
            } else if (upper > v.maxParallelism()) {
                errors.add("vertex " + v.id() + ": upperBound " + upper + " is above its max parallelism "
                        + v.maxParallelism());
            } else {
                described.add(new VertexDescription(v.id(), v.name(), lower, upper, v.maxParallelism(),
                        v.slotSharingGroup()));
            }
            bounds.add(new SlotSharingAllocator.Vertex(v.id(), v.slotSharingGroup(), lower, upper));
        }
        if (!errors.isEmpty()) {
            return new Outcome(null, List.copyOf(errors));
        }
        return new Outcome(new Accepted(List.copyOf(bounds), SlotSharingRequirements.of(described)), List.of());
    }
}
