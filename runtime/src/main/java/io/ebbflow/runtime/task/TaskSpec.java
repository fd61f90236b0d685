package io.ebbflow.runtime.task;

import io.ebbflow.api.connector.SourceSplit;
import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.graph.Partitioning;
import io.ebbflow.runtime.graph.ChainedOperator;
import io.ebbflow.runtime.state.KeyGroupRange;
import java.util.List;

/**
 * Everything one subtask needs to run, with user code already deserialized in the job's class loader.
 *
 * @param deploymentId the same for every subtask of one deployment of the job, different for every deployment
 * @param splits the source splits assigned to this subtask (source vertices only)
 * @param restore the state to start from, or null for a fresh start
 */
public record TaskSpec(String jobId, String executionId, String vertexId, String taskName, int subtaskIndex,
        int parallelism, int maxParallelism, int attempt, String deploymentId, KeyGroupRange keyGroups, List<ChainedOperator> chain,
        List<InputSpec> inputs, List<OutputSpec> outputs, List<SourceSplit> splits, long bufferTimeoutMillis,
        long autoWatermarkIntervalMillis, io.ebbflow.runtime.checkpoint.TaskRestore restore) {

    /**
     * One input channel.
     *
     * @param local whether the producer runs in this TaskExecutor (then host and port are unused)
     * @param taskExecutorId the producer's TaskExecutor
     */
    public record InputSpec(String partitionId, int subpartition, boolean local, String taskExecutorId, String host,
            int port) {
    }

    /**
     * One output: a result partition with a subpartition per consumer channel.
     *
     * @param numSubpartitions 1 for a forward (pointwise) edge, else the consumer's parallelism
     * @param sideOutput the id of the side output of {@code sourceOperator} it carries, or null for the main output
     */
    public record OutputSpec(String partitionId, int numSubpartitions, Partitioning partitioning, KeySelector<?, ?> keySelector,
            int consumerMaxParallelism, int sourceOperator, String sideOutput) {

        /** An output carrying the main output. */
        public OutputSpec(String partitionId, int numSubpartitions, Partitioning partitioning, KeySelector<?, ?> keySelector,
                int consumerMaxParallelism, int sourceOperator) {
            this(partitionId, numSubpartitions, partitioning, keySelector, consumerMaxParallelism, sourceOperator, null);
        }
    }
}
