package io.ebbflow.core.job;

import io.ebbflow.core.protocol.Require;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A job as its JobMaster knows it before anything runs: a name and its vertices with their bounds.
 *
 * @param name the job's display name
 * @param vertices at least one, ids unique
 */
public record JobDescription(String name, List<VertexDescription> vertices) {

    public JobDescription {
        Require.text(name, "name", 500);
        vertices = Require.list(vertices, "vertices", 10_000);
        if (vertices.isEmpty()) {
            throw new IllegalArgumentException("a job needs at least one vertex");
        }
        Set<String> ids = new HashSet<>();
        for (VertexDescription v : vertices) {
            if (!ids.add(v.id())) {
                throw new IllegalArgumentException("vertex id '" + v.id() + "' is used twice");
            }
        }
    }

    /** The slot requirement this job declares: see {@link SlotSharingRequirements}. */
    public SlotSharingRequirements slotRequirements() {
        return SlotSharingRequirements.of(vertices);
    }
}
