package io.ebbflow.jm.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.DiscardingSink;
import io.ebbflow.core.job.ExecutionState;
import io.ebbflow.core.protocol.JobMasterMessages.Bounds;
import io.ebbflow.core.protocol.JobMasterMessages.TaskMetrics;
import io.ebbflow.jm.execution.JobRun;
import io.ebbflow.jm.slots.SlotSharingAllocator;
import io.ebbflow.runtime.graph.ExecutionPlan;
import io.ebbflow.runtime.graph.JobGraph;
import io.ebbflow.runtime.graph.JobVertex;
import io.ebbflow.runtime.graph.StreamGraphTranslator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The policy in the JobMaster on manual time: it reads a running execution's vertex metrics, sees the keyed input,
 * and asks for new bounds (the changed vertex's upper bound its new parallelism, the others where they run) with
 * the decision's explanation first.
 */
class AutoscalerLoopTest {

    private long now = 1_000_000;
    private final List<Map<String, Bounds>> requested = new ArrayList<>();
    private final List<String> explanations = new ArrayList<>();

    @Test
    void anOverloadedKeyedVertexGetsANewUpperBoundAlignedToItsKeyGroups() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(0, Long.MAX_VALUE).keyBy(v -> v % 10).map(v -> v).addSink(new DiscardingSink<>());
        JobGraph graph = StreamGraphTranslator.translate(env.getStreamGraph("job"), 1, 128, 100, 200);
        Map<String, Integer> parallelism = new HashMap<>();
        graph.vertices().forEach(v -> parallelism.put(v.id(), 1));
        ExecutionPlan plan = ExecutionPlan.create("job", graph, parallelism,
                (vertex, i) -> new ExecutionPlan.Location("te-" + i, "127.0.0.1", 7000 + i), 1);
        Map<String, String> allocations = new HashMap<>();
        plan.subtasks().forEach(s -> allocations.put(s.executionId(), "alloc-" + s.index()));
        JobRun run = new JobRun(plan, allocations, now);
        run.subtasks().forEach(s -> run.onTaskState(s.plan().executionId(), ExecutionState.RUNNING, "te-0", null,
                Map.of(), Map.of(), now));
        JobVertex source = graph.vertices().stream().filter(JobVertex::isSource).findFirst().orElseThrow();
        JobVertex keyed = graph.vertices().stream().filter(v -> !v.isSource()).findFirst().orElseThrow();

        AutoscalerSettings s = ScalingPolicyTest.settings();
        AutoscalerLoop loop = new AutoscalerLoop("job", new AutoscalerSettings(true, Duration.ofSeconds(1), 0.7, 0.2,
                Duration.ofSeconds(4), Duration.ZERO, s.scaleDownInterval(), s.catchUp(), s.backlogThreshold(),
                s.scaleUpMaxFactor(), s.scaleDownMaxFactor(), 1, 200, 3, s.historyMaxAge()), () -> now, graph,
                new AutoscalerLoop.Context() {
                    @Override
                    public JobRun runningRun() {
                        return run;
                    }

                    @Override
                    public List<SlotSharingAllocator.Vertex> requirements() {
                        return graph.vertices().stream().map(v -> new SlotSharingAllocator.Vertex(v.id(),
                                v.slotSharingGroup(), 1, 1)).toList();
                    }

                    @Override
                    public void setRequirements(Map<String, Bounds> bounds) {
                        requested.add(bounds);
                    }

                    @Override
                    public void decided(String explanation) {
                        explanations.add(explanation);
                    }
                });

        // The keyed vertex is always busy reading 1000/s while the source's backlog grows by 500/s.
        for (int second = 0; second <= 5; second++) {
            for (JobRun.Subtask t : run.subtasks()) {
                boolean isSource = t.plan().vertexId().equals(source.id());
                run.onMetrics(new TaskMetrics(t.plan().executionId(), t.plan().vertexId(), 0, 0, 0, 0, 0, 1000, 1000,
                        isSource ? 50 : 1000, 0, isSource ? 950 : 0, Map.of(), isSource ? 500L * second : -1, -1, -1, -1));
            }
            loop.tick();
            now += 1000;
        }

        // 1500/s at 80% (halfway from the 70% target to the band's edge) of 1000/s per subtask: 1.9 -> 2, a divisor
        // of its 128 key groups.
        assertThat(requested).singleElement().satisfies(bounds -> {
            assertThat(bounds.get(keyed.id())).isEqualTo(new Bounds(1, 2));
            assertThat(bounds.get(source.id())).as("unchanged: where it runs").isEqualTo(new Bounds(1, 1));
        });
        assertThat(explanations).singleElement().satisfies(e -> assertThat(e).startsWith("vertex " + keyed.name()
                + ": busy 100%, input 1.0 k/s, target 1.5 k/s").endsWith("capacity 1.0 k/s per subtask: 1 -> 2"));
        assertThat(loop.view().changes()).containsEntry(keyed.id(), 2);

        // Asked once; the next decision waits for a new full window.
        loop.tick();
        assertThat(requested).hasSize(1);
    }
}
