package io.ebbflow.runtime.graph;

import java.util.List;
import java.util.Optional;

/**
 * A job as the scheduler sees it: vertices (operator chains) with their parallelism bounds and
 * slot-sharing groups, and the edges between them. Vertices are in topological order.
 *
 * @param bufferTimeoutMillis flush interval of output buffers
 * @param autoWatermarkIntervalMillis how often watermark generators are asked for a watermark
 * @param checkpointIntervalMillis the program's checkpoint interval, -1 if it set none
 */
public record JobGraph(String jobName, List<JobVertex> vertices, List<JobEdge> edges, long bufferTimeoutMillis,
        long autoWatermarkIntervalMillis, long checkpointIntervalMillis) {

    public JobGraph {
        vertices = List.copyOf(vertices);
        edges = List.copyOf(edges);
    }

    public Optional<JobVertex> vertex(String id) {
        return vertices.stream().filter(v -> v.id().equals(id)).findFirst();
    }

    public List<JobEdge> inputsOf(String vertexId) {
        return edges.stream().filter(e -> e.targetVertexId().equals(vertexId)).toList();
    }

    public List<JobEdge> outputsOf(String vertexId) {
        return edges.stream().filter(e -> e.sourceVertexId().equals(vertexId)).toList();
    }
}
