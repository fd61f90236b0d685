package io.ebbflow.jm.autoscaler;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * @param slotSharingGroup subtask k of every vertex of a group shares slot k of that group: the group holds as
     *     many slots as its largest vertex has subtasks
     */
    public record Vertex(String id, String name, int parallelism, int maxParallelism, boolean fixed, List<String> inputs,
            boolean source, int splits, boolean keyedInput, String slotSharingGroup) {
        public Vertex {
            inputs = List.copyOf(inputs);
        }

        /** A vertex of the default slot-sharing group. */
        public Vertex(String id, String name, int parallelism, int maxParallelism, boolean fixed, List<String> inputs,
                boolean source, int splits, boolean keyedInput) {
            this(id, name, parallelism, maxParallelism, fixed, inputs, source, splits, keyedInput, "default");
        }
    }

    /**
     * The slots the job holds with each vertex at the parallelism {@code parallelism} gives it (its current one when
     * absent): per slot-sharing group, its largest vertex's parallelism, summed.
     */
    public int slots(Map<String, Integer> parallelism) {
        Map<String, Integer> groups = new HashMap<>();
        vertices.forEach(v -> groups.merge(v.slotSharingGroup(), parallelism.getOrDefault(v.id(), v.parallelism()),
                Math::max));
        return groups.values().stream().mapToInt(Integer::intValue).sum();
    }

    public Optional<Vertex> vertex(String id) {
        return vertices.stream().filter(v -> v.id().equals(id)).findFirst();
    }

    /** Each vertex's parallelism, by id. */
    public Map<String, Integer> parallelism() {
        Map<String, Integer> out = new LinkedHashMap<>();
        vertices.forEach(v -> out.put(v.id(), v.parallelism()));
        return out;
    }
}
