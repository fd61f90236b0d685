package io.ebbflow.runtime.graph;

import io.ebbflow.api.connector.SourceSplit;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.api.graph.Partitioning;
import io.ebbflow.runtime.checkpoint.CompletedCheckpoint;
import io.ebbflow.runtime.checkpoint.StateAssignment;
import io.ebbflow.runtime.state.KeyGroups;
import io.ebbflow.runtime.task.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A job graph made concrete for one run: a parallelism per vertex, a place for every subtask, and from
 * these every subtask's {@link TaskSpec}: its key-group range, its source splits, its output partitions
 * and its input channels (local when producer and consumer share a TaskExecutor). A FORWARD edge whose
 * ends run at different parallelism becomes REBALANCE.
 */
public final class ExecutionPlan {

    /** Where a subtask runs: a TaskExecutor and its data server. */
    public record Location(String taskExecutorId, String host, int dataPort) {
    }

    /** One subtask of the plan. */
    public record Subtask(String vertexId, int index, String executionId, Location location, TaskSpec spec) {
    }

    private final List<Subtask> subtasks;
    private final Map<String, Integer> parallelism;

    private ExecutionPlan(List<Subtask> subtasks, Map<String, Integer> parallelism) {
        this.subtasks = List.copyOf(subtasks);
        this.parallelism = Map.copyOf(parallelism);
    }

    public List<Subtask> subtasks() {
        return subtasks;
    }

    public int parallelismOf(String vertexId) {
        return parallelism.get(vertexId);
    }

    /**
     * @param parallelism per vertex id
     * @param placement where subtask {@code i} of a vertex runs
     * @param attempt increases with every run of the job under one JobMaster (part of the deployment id, which names
     *        execution and partition ids)
     */
    public static ExecutionPlan create(String jobId, JobGraph graph, Map<String, Integer> parallelism,
            BiFunction<String, Integer, Location> placement, int attempt) throws Exception {
        return create(jobId, graph, parallelism, placement, attempt, null);
    }

    /**
     * A plan whose subtasks start from {@code restoreFrom} (null: a fresh start): each gets the key groups
     * of its new range and its share of the operator state ({@link StateAssignment}).
     *
     * @throws IllegalStateException if the checkpoint does not fit the job (unknown operators, another max parallelism)
     */
    public static ExecutionPlan create(String jobId, JobGraph graph, Map<String, Integer> parallelism,
            BiFunction<String, Integer, Location> placement, int attempt, CompletedCheckpoint restoreFrom) throws Exception {
        if (restoreFrom != null) {
            Map<String, Integer> maxParallelism = new java.util.HashMap<>();
            for (JobVertex v : graph.vertices()) {
                for (ChainedOperator op : v.operators()) {
                    maxParallelism.put(op.operatorId(), v.maxParallelism());
                }
            }
            StateAssignment.validate(restoreFrom, maxParallelism);
        }
        Map<String, List<List<SourceSplit>>> splits = new LinkedHashMap<>();
        for (JobVertex v : graph.vertices()) {
            int p = parallelism.get(v.id());
            if (p < 1 || p > v.maxParallelism()) {
                throw new IllegalArgumentException("parallelism " + p + " of vertex '" + v.name() + "' is outside [1, "
                        + v.maxParallelism() + "]");
            }
            if (v.head().spec() instanceof OperatorSpec.SourceOp s) {
                List<List<SourceSplit>> perSubtask = new ArrayList<>();
                for (int i = 0; i < p; i++) {
                    perSubtask.add(new ArrayList<>());
                }
                List<? extends SourceSplit> all;
                try {
                    all = s.source().createSplits(p);
                } catch (Exception e) {
                    throw new SplitCreationException(v.name(), e);
                }
                for (int k = 0; k < all.size(); k++) {
                    perSubtask.get(k % p).add(all.get(k));
                }
                splits.put(v.id(), perSubtask);
            }
        }
        // Random beside the attempt: attempts restart at 1 under a new JobMaster leader or a new local runner.
        String deploymentId = attempt + "." + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<Subtask> subtasks = new ArrayList<>();
        for (JobVertex v : graph.vertices()) {
            int p = parallelism.get(v.id());
            for (int i = 0; i < p; i++) {
                Location here = placement.apply(v.id(), i);
                String exec = executionId(jobId, deploymentId, v.id(), i);
                List<TaskSpec.OutputSpec> outputs = new ArrayList<>();
                List<JobEdge> outEdges = graph.outputsOf(v.id());
                for (int e = 0; e < outEdges.size(); e++) {
                    JobEdge edge = outEdges.get(e);
                    JobVertex consumer = graph.vertex(edge.targetVertexId()).orElseThrow();
                    int cp = parallelism.get(consumer.id());
                    Partitioning mode = effective(edge.partitioning(), p, cp);
                    outputs.add(new TaskSpec.OutputSpec(partitionId(exec, edgeIndex(graph, edge)),
                            mode == Partitioning.FORWARD ? 1 : cp, mode, edge.keySelector(), consumer.maxParallelism(),
                            edge.sourceOperator(), edge.sideOutput()));
                }
                List<TaskSpec.InputSpec> inputs = new ArrayList<>();
                for (JobEdge edge : graph.inputsOf(v.id())) {
                    JobVertex producer = graph.vertex(edge.sourceVertexId()).orElseThrow();
                    int pp = parallelism.get(producer.id());
                    Partitioning mode = effective(edge.partitioning(), pp, p);
                    if (mode == Partitioning.FORWARD) {
                        inputs.add(input(jobId, deploymentId, producer.id(), i, edgeIndex(graph, edge), 0, placement, here));
                    } else {
                        for (int u = 0; u < pp; u++) {
                            inputs.add(input(jobId, deploymentId, producer.id(), u, edgeIndex(graph, edge), i, placement, here));
                        }
                    }
                }
                TaskSpec spec = new TaskSpec(jobId, exec, v.id(), v.name(), i, p, v.maxParallelism(), attempt, deploymentId,
                        KeyGroups.rangeForOperator(v.maxParallelism(), p, i), v.operators(), inputs, outputs,
                        splits.containsKey(v.id()) ? splits.get(v.id()).get(i) : List.of(), graph.bufferTimeoutMillis(),
                        graph.autoWatermarkIntervalMillis(), restoreFrom == null ? null
                                : StateAssignment.assign(restoreFrom, v.operators().stream().map(ChainedOperator::operatorId)
                                        .toList(), KeyGroups.rangeForOperator(v.maxParallelism(), p, i), i, p));
                subtasks.add(new Subtask(v.id(), i, exec, here, spec));
            }
        }
        return new ExecutionPlan(subtasks, parallelism);
    }

    private static TaskSpec.InputSpec input(String jobId, String deploymentId, String producerVertex, int producerIndex,
            int edgeIndex, int subpartition, BiFunction<String, Integer, Location> placement, Location here) {
        Location there = placement.apply(producerVertex, producerIndex);
        String partition = partitionId(executionId(jobId, deploymentId, producerVertex, producerIndex), edgeIndex);
        boolean local = there.taskExecutorId().equals(here.taskExecutorId());
        return new TaskSpec.InputSpec(partition, subpartition, local, there.taskExecutorId(), there.host(), there.dataPort());
    }

    /** FORWARD only when both ends run at the same parallelism; otherwise REBALANCE. */
    public static Partitioning effective(Partitioning declared, int producerParallelism, int consumerParallelism) {
        return declared == Partitioning.FORWARD && producerParallelism != consumerParallelism ? Partitioning.REBALANCE : declared;
    }

    private static int edgeIndex(JobGraph graph, JobEdge edge) {
        return graph.edges().indexOf(edge);
    }

    /**
     * Deterministic for (job, deployment, vertex, subtask), and so different for every deployment, under every JobMaster
     * leader: a TaskExecutor keeps a subscription that came before its partition for a while, and a partition id of a
     * later deployment must never serve a subscription left over from an earlier one (whose reader is gone: what it
     * took would be lost).
     */
    public static String executionId(String jobId, String deploymentId, String vertexId, int index) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((jobId + "/" + deploymentId + "/" + vertexId + "/" + index)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String partitionId(String executionId, int edgeIndex) {
        return executionId + "-" + edgeIndex;
    }
}
