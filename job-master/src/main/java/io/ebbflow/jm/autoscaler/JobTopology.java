package io.ebbflow.jm.autoscaler;

import java.util.List;
import java.util.Optional;

/**
 * What the policy knows of the job's shape: its vertices in topological order (every vertex after its inputs), each
 * with its current parallelism and the limits that parallelism is aligned to.
 *
 * @param vertices sources first, every vertex after its inputs
 */
public record JobTopology(List<Vertex> vertices) {

    public JobTopology {
        vertices = List.copyOf(vertices);
    }

    /**
     * One vertex.
     *
     * @param parallelism what it runs at now
     * @param maxParallelism its key groups: the most it can run at
     * @param fixed the program set its parallelism explicitly: the policy leaves it alone
     * @param inputs the vertices it reads from
     * @param splits for a source, its splits (the most subtasks that get work); 0 when unknown or not a source
     * @param keyedInput it reads a keyed (hash-partitioned) input: its parallelism is best a divisor of its key groups
     */
    public record Vertex(String id, String name, int parallelism, int maxParallelism, boolean fixed, List<String> inputs,
            boolean source, int splits, boolean keyedInput) {
        public Vertex {
            inputs = List.copyOf(inputs);
        }
    }

    public Optional<Vertex> vertex(String id) {
        return vertices.stream().filter(v -> v.id().equals(id)).findFirst();
    }

    /** Each vertex's parallelism, by id. */
    public java.util.Map<String, Integer> parallelism() {
        java.util.Map<String, Integer> out = new java.util.LinkedHashMap<>();
        vertices.forEach(v -> out.put(v.id(), v.parallelism()));
        return out;
    }
}
