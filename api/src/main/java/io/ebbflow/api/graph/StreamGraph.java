package io.ebbflow.api.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The dataflow a program built: its nodes in creation order (inputs before the nodes that read them)
 * and the job-level settings. Handed to the executor by {@code execute()}.
 *
 * @param jobName the job's name
 * @param transformations every node, inputs first
 * @param defaultParallelism parallelism of nodes without an explicit one (-1 = the cluster's default)
 * @param defaultMaxParallelism max parallelism of nodes without an explicit one (-1 = derived)
 * @param bufferTimeoutMillis flush interval of output buffers (-1 = the cluster's default)
 * @param autoWatermarkIntervalMillis how often watermark generators are asked for a watermark (-1 = default)
 * @param checkpointIntervalMillis checkpoint interval set by the program (-1 = {@code execution.checkpointing.interval})
 */
public record StreamGraph(String jobName, List<Transformation> transformations, int defaultParallelism,
        int defaultMaxParallelism, long bufferTimeoutMillis, long autoWatermarkIntervalMillis, long checkpointIntervalMillis) {

    public StreamGraph {
        transformations = Collections.unmodifiableList(new ArrayList<>(transformations));
    }

    /** The nodes that read {@code t}. */
    public List<Transformation> consumersOf(Transformation t) {
        List<Transformation> out = new ArrayList<>();
        for (Transformation c : transformations) {
            if (c.inputs().contains(t)) {
                out.add(c);
            }
        }
        return out;
    }
}
