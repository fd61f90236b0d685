package io.ebbflow.core.job;

import io.ebbflow.api.Parallelism;
import io.ebbflow.core.protocol.Require;

/**
 * One vertex of a job as far as resources go: its parallelism bounds and slot-sharing group.
 *
 * @param id stable id (REST paths, metrics)
 * @param name display name
 * @param minParallelism below this the job cannot run
 * @param targetParallelism what the scheduler asks for and never exceeds
 * @param maxParallelism number of key groups; the hard upper bound
 * @param slotSharingGroup subtask k of every vertex of a group shares slot k of that group
 */
public record VertexDescription(String id, String name, int minParallelism, int targetParallelism,
        int maxParallelism, String slotSharingGroup) {

    public VertexDescription {
        Require.id(id, "id");
        Require.text(name, "name", 500);
        Require.id(slotSharingGroup, "slotSharingGroup");
        Parallelism.checkBounds("vertex '" + id + "'", minParallelism, targetParallelism, maxParallelism);
    }
}
