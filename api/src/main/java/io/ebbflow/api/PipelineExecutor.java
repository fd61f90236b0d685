package io.ebbflow.api;

import io.ebbflow.api.graph.StreamGraph;

/**
 * Runs the dataflow a program built. The JobMaster installs one before calling the program's
 * {@code main}; {@link StreamExecutionEnvironment#execute()} hands it the graph.
 */
@FunctionalInterface
public interface PipelineExecutor {
    JobExecutionResult execute(StreamGraph graph) throws Exception;
}
