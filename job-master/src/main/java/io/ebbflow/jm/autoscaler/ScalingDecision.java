package io.ebbflow.jm.autoscaler;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the policy decided at {@code time}: every vertex's verdict with its explanation, and the parallelism of the
 * vertices that change (empty: the job stays as it is).
 *
 * @param catchingUp a source was catching up a backlog (no scale-down then)
 */
public record ScalingDecision(long time, List<ScalingPolicy.VertexDecision> vertices, Map<String, Integer> changes,
        boolean catchingUp) {

    public ScalingDecision {
        vertices = List.copyOf(vertices);
        changes = Map.copyOf(changes);
    }

    public boolean rescales() {
        return !changes.isEmpty();
    }

    /** The explanation of the vertices that change, or of every vertex when none does. */
    public String explanation() {
        return vertices.stream().filter(v -> !rescales() || changes.containsKey(v.id()))
                .map(ScalingPolicy.VertexDecision::explanation).collect(Collectors.joining("; "));
    }
}
