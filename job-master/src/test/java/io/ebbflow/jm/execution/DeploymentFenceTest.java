package io.ebbflow.jm.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.DiscardingSink;
import io.ebbflow.core.job.ExecutionState;
import io.ebbflow.core.protocol.JobMasterMessages.ConfirmDeployment;
import io.ebbflow.runtime.graph.ExecutionPlan;
import io.ebbflow.runtime.graph.JobGraph;
import io.ebbflow.runtime.graph.StreamGraphTranslator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A deployment message that arrives late (the ChaosIT failure: a TaskExecutor partitioned while the JobMaster sent it
 * two deployments, which it received after the heal, when a third ran elsewhere) must not start.
 */
class DeploymentFenceTest {

    private static final long EPOCH = 3;

    /** Attempt {@code attempt}: subtask i of the one vertex on "te-i". */
    private static JobRun run(int attempt) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromSequence(0, 100).map(v -> v * 2).addSink(new DiscardingSink<>());
        JobGraph graph = StreamGraphTranslator.translate(env.getStreamGraph("job"), 1, -1, 100, 200);
        ExecutionPlan plan = ExecutionPlan.create("job", graph, Map.of(graph.vertices().get(0).id(), 2),
                (vertex, i) -> new ExecutionPlan.Location("te-" + i, "127.0.0.1", 7000 + i), attempt);
        Map<String, String> allocations = new HashMap<>();
        plan.subtasks().forEach(s -> allocations.put(s.executionId(), "alloc-" + s.index()));
        return new JobRun(plan, allocations, 0);
    }

    private static ConfirmDeployment ask(JobRun run, int subtask, long epoch) {
        JobRun.Subtask s = run.subtasks().get(subtask);
        return new ConfirmDeployment(s.plan().location().taskExecutorId(), epoch, s.plan().executionId());
    }

    @Test
    void aSubtaskOfTheRunningExecutionStarts() throws Exception {
        JobRun current = run(2);
        DeploymentFence.Verdict v = DeploymentFence.decide("job", EPOCH, current, List.of(current), ask(current, 1, EPOCH));
        assertThat(v.confirmed()).isTrue();
    }

    @Test
    void aSubtaskOfASupersededExecutionNeverStartsAndCountsAsCancelledWhileItsExecutionWindsDown() throws Exception {
        JobRun old = run(1);
        JobRun current = run(2);
        old.cancel();
        DeploymentFence.Verdict v = DeploymentFence.decide("job", EPOCH, current, List.of(old, current), ask(old, 0, EPOCH));
        assertThat(v.confirmed()).isFalse();
        assertThat(v.countAsCancelled()).isTrue();
        assertThat(v.reason()).contains("superseded").contains(old.subtasks().get(0).plan().executionId());

        // Once that execution has ended (and is forgotten), the late message is refused all the same.
        v = DeploymentFence.decide("job", EPOCH, current, List.of(current), ask(old, 0, EPOCH));
        assertThat(v.confirmed()).isFalse();
        assertThat(v.countAsCancelled()).isFalse();
    }

    @Test
    void aSubtaskOfAFailedExecutionNeverStarts() throws Exception {
        JobRun current = run(2);
        current.fail("map", "te-0", "lost", 10);
        DeploymentFence.Verdict v = DeploymentFence.decide("job", EPOCH, current, List.of(current), ask(current, 1, EPOCH));
        assertThat(v.confirmed()).isFalse();
        assertThat(v.countAsCancelled()).isTrue();
    }

    @Test
    void aSubtaskThatAlreadyEndedIsNotStartedAgain() throws Exception {
        JobRun current = run(2);
        String id = current.subtasks().get(0).plan().executionId();
        current.onTaskState(id, ExecutionState.FAILED, "te-0", "boom", Map.of(), Map.of(), 5);
        DeploymentFence.Verdict v = DeploymentFence.decide("job", EPOCH, null, List.of(current), ask(current, 0, EPOCH));
        assertThat(v.confirmed()).isFalse();
        assertThat(v.countAsCancelled()).isFalse();
    }

    @Test
    void aDeploymentOfAnotherJobMasterEpochIsRefusedWithoutTouchingThisOnesExecutionOfTheSameId() throws Exception {
        // The same execution id, as if sent by the predecessor (ids once repeated across epochs).
        JobRun current = run(1);
        DeploymentFence.Verdict v = DeploymentFence.decide("job", EPOCH, current, List.of(current),
                ask(current, 0, EPOCH - 1));
        assertThat(v.confirmed()).isFalse();
        assertThat(v.countAsCancelled()).isFalse();
        assertThat(v.reason()).contains("epoch " + (EPOCH - 1)).contains("epoch " + EPOCH);
    }

    @Test
    void aSubtaskAskedAboutFromAnotherTaskExecutorIsRefused() throws Exception {
        JobRun current = run(2);
        JobRun.Subtask s = current.subtasks().get(0);
        DeploymentFence.Verdict v = DeploymentFence.decide("job", EPOCH, current, List.of(current),
                new ConfirmDeployment("te-9", EPOCH, s.plan().executionId()));
        assertThat(v.confirmed()).isFalse();
        assertThat(v.countAsCancelled()).isFalse();
    }
}
