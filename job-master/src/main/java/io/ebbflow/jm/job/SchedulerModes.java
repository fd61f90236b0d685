package io.ebbflow.jm.job;

import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.JobManagerOptions;
import io.ebbflow.runtime.graph.JobGraph;
import io.ebbflow.runtime.graph.JobVertex;
import java.util.ArrayList;
import java.util.List;

/**
 * Each vertex's (min, target) per scheduler mode (spec §1.3): adaptive keeps what the program and
 * {@code parallelism.default} declared (min 1 unless the parallelism was set explicitly); reactive makes
 * every vertex's target its max parallelism, with min 1, ignoring explicit parallelism; {@code default}
 * (Flink's static scheduler) makes min equal to target.
 */
public final class SchedulerModes {

    private SchedulerModes() {
    }

    public static boolean reactive(Configuration config) {
        return config.getOptional(JobManagerOptions.SCHEDULER_MODE).isPresent();
    }

    public static JobGraph apply(JobGraph graph, Configuration config) {
        boolean reactive = reactive(config);
        boolean fixed = config.get(JobManagerOptions.SCHEDULER).equalsIgnoreCase("default");
        if (!reactive && !fixed) {
            return graph;
        }
        List<JobVertex> vertices = new ArrayList<>();
        for (JobVertex v : graph.vertices()) {
            vertices.add(reactive
                    ? new JobVertex(v.id(), v.name(), 1, v.maxParallelism(), v.maxParallelism(), false, v.slotSharingGroup(),
                            v.operators())
                    : new JobVertex(v.id(), v.name(), v.targetParallelism(), v.targetParallelism(), v.maxParallelism(),
                            v.parallelismExplicit(), v.slotSharingGroup(), v.operators()));
        }
        return new JobGraph(graph.jobName(), vertices, graph.edges(), graph.bufferTimeoutMillis(),
                graph.autoWatermarkIntervalMillis(), graph.checkpointIntervalMillis());
    }
}
