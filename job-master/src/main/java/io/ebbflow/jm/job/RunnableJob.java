package io.ebbflow.jm.job;

import io.ebbflow.jm.slots.SlotSharingAllocator;
import io.ebbflow.core.job.JobDescription;
import io.ebbflow.core.job.VertexDescription;
import io.ebbflow.runtime.graph.JobGraph;
import io.ebbflow.runtime.graph.JobVertex;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * A job the JobMaster can run: its job graph and the jar with its user code (with the class loader the
 * JobMaster built the graph in).
 */
public record RunnableJob(JobGraph graph, URLClassLoader classLoader, Path jar, String sha256) {

    /** The job's resource view for the slot pool: per vertex (min, target, upper bound) and group. */
    public JobDescription description() {
        List<VertexDescription> vertices = graph.vertices().stream()
                .map(v -> new VertexDescription(v.id(), v.name(), v.minParallelism(), v.targetParallelism(), v.upperBound(),
                        v.slotSharingGroup()))
                .toList();
        return new JobDescription(graph.jobName(), vertices);
    }

    public List<SlotSharingAllocator.Vertex> allocatorVertices() {
        return graph.vertices().stream()
                .map(v -> new SlotSharingAllocator.Vertex(v.id(), v.slotSharingGroup(), v.minParallelism(), v.targetParallelism()))
                .toList();
    }

    public JobVertex vertex(String id) {
        return graph.vertex(id).orElseThrow();
    }
}
