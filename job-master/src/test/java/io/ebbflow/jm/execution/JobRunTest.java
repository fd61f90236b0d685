package io.ebbflow.jm.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.DiscardingSink;
import io.ebbflow.core.job.ExecutionState;
import io.ebbflow.core.protocol.JobMasterMessages.TaskMetrics;
import io.ebbflow.runtime.graph.ExecutionPlan;
import io.ebbflow.runtime.graph.JobGraph;
import io.ebbflow.runtime.graph.StreamGraphTranslator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRunTest {

    private static JobRun run(int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.fromSequence(0, 100).map(v -> v * 2).addSink(new DiscardingSink<>());
        JobGraph graph = StreamGraphTranslator.translate(env.getStreamGraph("job"), 1, -1, 100, 200);
        ExecutionPlan plan = ExecutionPlan.create("job", graph, Map.of(graph.vertices().get(0).id(), parallelism),
                (vertex, i) -> new ExecutionPlan.Location("te-" + i, "127.0.0.1", 7000 + i), 1);
        Map<String, String> allocations = new HashMap<>();
        plan.subtasks().forEach(s -> allocations.put(s.executionId(), "alloc-" + s.index()));
        return new JobRun(plan, allocations, 0);
    }

    private static TaskMetrics metrics(String executionId, Map<String, Long> accumulators) {
        return new TaskMetrics(executionId, "v", 0, 0, 0, 0, 0, 0, 0, 0, 0, 1000, accumulators, -1, -1, -1, -1);
    }

    @Test
    void aVertexsTimeTotalsAreTheSumOfItsSubtasks() throws Exception {
        JobRun run = run(2);
        String vertex = run.subtasks().get(0).plan().vertexId();
        for (int i = 0; i < 2; i++) {
            run.onMetrics(new TaskMetrics(run.subtasks().get(i).plan().executionId(), vertex, i, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                    Map.of(), -1, -1, -1, -1, new io.ebbflow.core.protocol.JobMasterMessages.TimeTotals(100 * (i + 1),
                            10 * (i + 1), 1000 * (i + 1))));
        }

        assertThat(run.vertexMetrics(vertex, false).totals())
                .isEqualTo(new io.ebbflow.core.protocol.JobMasterMessages.TimeTotals(300, 30, 3000));
    }

    @Test
    void anEndedSubtasksFinalAccumulatorsOutrankItsLastPeriodicReport() throws Exception {
        JobRun run = run(2);
        List<JobRun.Subtask> subtasks = run.subtasks();
        String first = subtasks.get(0).plan().executionId();
        String second = subtasks.get(1).plan().executionId();
        assertThat(run.accumulators()).isNull();

        run.onMetrics(metrics(first, Map.of("checked", 10L)));
        assertThat(run.accumulators()).containsExactly(Map.entry("checked", 10L));

        // The job is cancelled before the second subtask ever reported metrics: its final values still count.
        run.cancel();
        run.onTaskState(first, ExecutionState.CANCELED, "te-0", null, Map.of(), Map.of("checked", 25L), 5);
        run.onTaskState(second, ExecutionState.CANCELED, "te-1", null, Map.of(), Map.of("checked", 7L), 5);

        assertThat(run.accumulators()).containsExactly(Map.entry("checked", 32L));
        assertThat(run.status()).isEqualTo(JobRun.Status.CANCELED);
    }

    @Test
    void aRunningReportLeavesThePeriodicValuesInPlace() throws Exception {
        JobRun run = run(1);
        String only = run.subtasks().get(0).plan().executionId();
        run.onMetrics(metrics(only, Map.of("checked", 3L)));
        run.onTaskState(only, ExecutionState.RUNNING, "te-0", null, Map.of(), Map.of(), 1);
        assertThat(run.accumulators()).containsExactly(Map.entry("checked", 3L));
    }

    @Test
    void aSourcesBacklogAndSkippedRecordsAreSummedAndItsLagsAreTheLargestOverItsSubtasks() throws Exception {
        JobRun run = run(2);
        String first = run.subtasks().get(0).plan().executionId();
        String second = run.subtasks().get(1).plan().executionId();
        String vertex = run.subtasks().get(0).plan().vertexId();
        assertThat(run.vertexMetrics(vertex, true).pendingRecords()).as("nobody reported").isEqualTo(-1);

        run.onMetrics(new TaskMetrics(first, vertex, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1000, Map.of(), 10, 100, 200, 1));
        run.onMetrics(new TaskMetrics(second, vertex, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1000, Map.of(), -1, 300, 50, 2));

        var m = run.vertexMetrics(vertex, true);
        assertThat(m.pendingRecords()).as("the subtask that cannot tell adds nothing").isEqualTo(10);
        assertThat(m.numRecordsInErrors()).isEqualTo(3);
        assertThat(m.currentFetchEventTimeLagMax()).isEqualTo(300);
        assertThat(m.currentEmitEventTimeLagMax()).isEqualTo(200);
        assertThat(run.sourceTotals()).isEqualTo(new JobRun.SourceTotals(10, 3));
    }
}
