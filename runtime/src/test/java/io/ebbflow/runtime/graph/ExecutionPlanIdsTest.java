package io.ebbflow.runtime.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.DiscardingSink;
import io.ebbflow.runtime.task.TaskSpec;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Execution and partition ids name one deployment. Attempts restart at 1 under every new JobMaster leader; ids made
 * from the attempt alone repeated across leaders, and a TaskExecutor served a subscription left over from the earlier
 * deployment (its reader dead) to the later deployment's partition of the same id: the first records were lost
 * (ChaosIT: "VIOLATION key 12: got 1165, expected 1164").
 */
class ExecutionPlanIdsTest {

    private static ExecutionPlan plan(int attempt) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromSequence(0, 100).keyBy(v -> v % 10).reduce(Long::sum).addSink(new DiscardingSink<>());
        JobGraph graph = StreamGraphTranslator.translate(env.getStreamGraph("job"), 1, -1, 100, 200);
        Map<String, Integer> parallelism = graph.vertices().stream().collect(Collectors.toMap(JobVertex::id, v -> 2));
        return ExecutionPlan.create("job", graph, parallelism,
                (vertex, i) -> new ExecutionPlan.Location("te-" + i, "127.0.0.1", 7000 + i), attempt);
    }

    private static Set<String> partitionIds(ExecutionPlan plan) {
        Set<String> ids = new HashSet<>();
        for (ExecutionPlan.Subtask s : plan.subtasks()) {
            s.spec().outputs().forEach(o -> ids.add(o.partitionId()));
            s.spec().inputs().stream().map(TaskSpec.InputSpec::partitionId).forEach(ids::add);
        }
        return ids;
    }

    @Test
    void twoDeploymentsOfTheSameAttemptShareNoExecutionOrPartitionId() throws Exception {
        ExecutionPlan first = plan(1);
        ExecutionPlan again = plan(1); // the same attempt, under the next JobMaster leader

        Set<String> executions = first.subtasks().stream().map(ExecutionPlan.Subtask::executionId)
                .collect(Collectors.toSet());
        assertThat(again.subtasks()).extracting(ExecutionPlan.Subtask::executionId).doesNotContainAnyElementsOf(executions);
        assertThat(partitionIds(again)).doesNotContainAnyElementsOf(partitionIds(first));
    }

    @Test
    void withinOneDeploymentEveryInputNamesAPartitionItsProducerWrites() throws Exception {
        ExecutionPlan plan = plan(3);
        Set<String> written = new HashSet<>();
        plan.subtasks().forEach(s -> s.spec().outputs().forEach(o -> written.add(o.partitionId())));
        Set<String> read = new HashSet<>();
        plan.subtasks().forEach(s -> s.spec().inputs().forEach(i -> read.add(i.partitionId())));
        assertThat(read).isNotEmpty();
        assertThat(written).containsAll(read);
    }
}
