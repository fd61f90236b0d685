package io.ebbflow.jm.execution;

import io.ebbflow.core.security.JobSecret;

import io.ebbflow.core.protocol.TaskExecutorMessages.InputChannel;
import io.ebbflow.core.protocol.TaskExecutorMessages.SubmitTask;
import io.ebbflow.runtime.graph.ExecutionPlan;
import io.ebbflow.runtime.serialization.UserCodeSerializer;
import io.ebbflow.runtime.task.TaskSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns an execution plan into deployment messages (user code serialized with the job's class loader). */
public final class Deployments {

    private Deployments() {
    }

    /**
     * One message per subtask, in the order of {@code plan.subtasks()}.
     *
     * @param allocations the slot (allocation id) of every execution
     * @param secret the job's secret, handed to the TaskExecutors with each deployment (data-plane subscriptions)
     */
    public static List<SubmitTask> of(String jobId, long jobMasterEpoch, ExecutionPlan plan, Map<String, String> allocations,
            ClassLoader classLoader, String jarUrl, String jarSha256, JobSecret secret) {
        Map<String, byte[]> chains = new HashMap<>();
        List<SubmitTask> out = new ArrayList<>();
        for (ExecutionPlan.Subtask s : plan.subtasks()) {
            TaskSpec spec = s.spec();
            byte[] chain = chains.computeIfAbsent(s.vertexId(), v -> UserCodeSerializer.serialize(spec.chain(), classLoader));
            byte[] outputs = UserCodeSerializer.serialize(spec.outputs(), classLoader);
            byte[] splits = UserCodeSerializer.serialize(new ArrayList<>(spec.splits()), classLoader);
            List<InputChannel> inputs = new ArrayList<>();
            for (TaskSpec.InputSpec in : spec.inputs()) {
                inputs.add(new InputChannel(in.partitionId(), in.subpartition(), in.taskExecutorId(), in.host(), in.port()));
            }
            out.add(new SubmitTask(jobId, jobMasterEpoch, allocations.get(s.executionId()), s.executionId(), s.vertexId(),
                    spec.taskName(), spec.subtaskIndex(), spec.parallelism(), spec.maxParallelism(), spec.attempt(), spec.deploymentId(),
                    spec.keyGroups().start(), spec.keyGroups().end(), chain, outputs, inputs, splits, jarUrl, jarSha256,
                    secret.encoded(),
                    spec.bufferTimeoutMillis(), spec.autoWatermarkIntervalMillis(),
                    spec.restore() == null ? null : UserCodeSerializer.serialize(spec.restore(), classLoader)));
        }
        return out;
    }
}
