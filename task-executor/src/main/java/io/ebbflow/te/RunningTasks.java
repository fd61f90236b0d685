package io.ebbflow.te;

import io.ebbflow.api.connector.SourceSplit;
import io.ebbflow.core.protocol.JobMasterMessages.TaskMetrics;
import io.ebbflow.core.protocol.TaskExecutorMessages.SubmitTask;
import io.ebbflow.runtime.graph.ChainedOperator;
import io.ebbflow.runtime.serialization.UserCodeSerializer;
import io.ebbflow.runtime.state.KeyGroupRange;
import io.ebbflow.runtime.task.StreamTask;
import io.ebbflow.runtime.task.TaskServices;
import io.ebbflow.runtime.task.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The subtasks running in this TaskExecutor. Deploys a subtask from its deployment message (user code
 * read with the job's class loader), cancels subtasks, and turns their counters into Flink's task
 * metrics (with per-second rates over the report interval).
 *
 * <p>Confined to the TaskExecutor verticle's thread; subtasks themselves run on their own threads.
 */
final class RunningTasks {

    /** A deployed subtask. */
    record Running(StreamTask task, String jobId, String allocationId, long startTime) {
    }

    private final String taskExecutorId;
    private final Map<String, Running> tasks = new LinkedHashMap<>();
    private final Map<String, io.ebbflow.runtime.task.TaskMetrics.Snapshot> lastSnapshots = new LinkedHashMap<>();

    RunningTasks(String taskExecutorId) {
        this.taskExecutorId = taskExecutorId;
    }

    /** Builds the subtask from its deployment (call off the event loop: it runs user code's class loading). */
    @SuppressWarnings("unchecked")
    StreamTask create(SubmitTask msg, ClassLoader classLoader, TaskServices services, StreamTask.Listener listener) {
        List<ChainedOperator> chain = (List<ChainedOperator>) UserCodeSerializer.deserialize(msg.chain(), classLoader);
        List<TaskSpec.OutputSpec> outputs = (List<TaskSpec.OutputSpec>) UserCodeSerializer.deserialize(msg.outputs(), classLoader);
        List<SourceSplit> splits = (List<SourceSplit>) UserCodeSerializer.deserialize(msg.splits(), classLoader);
        List<TaskSpec.InputSpec> inputs = msg.inputs().stream().map(i -> new TaskSpec.InputSpec(i.partitionId(),
                i.subpartition(), i.taskExecutorId().equals(taskExecutorId), i.taskExecutorId(), i.host(), i.dataPort()))
                .toList();
        TaskSpec spec = new TaskSpec(msg.jobId(), msg.executionId(), msg.vertexId(), msg.taskName(), msg.subtaskIndex(),
                msg.parallelism(), msg.maxParallelism(), msg.attempt(), new KeyGroupRange(msg.keyGroupStart(), msg.keyGroupEnd()),
                chain, inputs, outputs, splits, msg.bufferTimeoutMillis(), msg.autoWatermarkIntervalMillis(),
                msg.restore() == null ? null
                        : (io.ebbflow.runtime.checkpoint.TaskRestore) UserCodeSerializer.deserialize(msg.restore(), classLoader));
        return new StreamTask(spec, classLoader, services, listener);
    }

    void started(StreamTask task, String jobId, String allocationId, long now) {
        tasks.put(task.spec().executionId(), new Running(task, jobId, allocationId, now));
    }

    Running get(String executionId) {
        return tasks.get(executionId);
    }

    /** Forgets a subtask that ended. */
    void ended(String executionId) {
        tasks.remove(executionId);
        lastSnapshots.remove(executionId);
    }

    boolean contains(String executionId) {
        return tasks.containsKey(executionId);
    }

    /** Cancels the subtasks of a job (all of them, or those in one slot). */
    int cancel(String jobId, String allocationId) {
        int n = 0;
        for (Running r : tasks.values()) {
            if (r.jobId().equals(jobId) && (allocationId == null || r.allocationId().equals(allocationId))) {
                r.task().cancel();
                n++;
            }
        }
        return n;
    }

    void cancelAll() {
        tasks.values().forEach(r -> r.task().cancel());
    }

    List<Running> all() {
        return new ArrayList<>(tasks.values());
    }

    Set<String> jobs() {
        return tasks.values().stream().map(Running::jobId).collect(Collectors.toSet());
    }

    boolean hasTasks(String jobId) {
        return tasks.values().stream().anyMatch(r -> r.jobId().equals(jobId));
    }

    /** The metrics of a job's subtasks here, with rates since the previous call. */
    List<TaskMetrics> metrics(String jobId) {
        List<TaskMetrics> out = new ArrayList<>();
        for (Running r : tasks.values()) {
            if (!r.jobId().equals(jobId)) {
                continue;
            }
            var now = r.task().metrics().snapshot();
            var before = lastSnapshots.put(r.task().spec().executionId(), now);
            double seconds = before == null ? now.elapsedMillis() / 1000.0 : (now.elapsedMillis() - before.elapsedMillis()) / 1000.0;
            double ms = Math.max(1, seconds * 1000);
            long inDelta = now.numRecordsIn() - (before == null ? 0 : before.numRecordsIn());
            long outDelta = now.numRecordsOut() - (before == null ? 0 : before.numRecordsOut());
            long busy = now.busyMillis() - (before == null ? 0 : before.busyMillis());
            long bp = now.backPressuredMillis() - (before == null ? 0 : before.backPressuredMillis());
            long idle = now.idleMillis() - (before == null ? 0 : before.idleMillis());
            TaskSpec spec = r.task().spec();
            out.add(new TaskMetrics(spec.executionId(), spec.vertexId(), spec.subtaskIndex(), now.numRecordsIn(),
                    now.numRecordsOut(), now.numBytesIn(), now.numBytesOut(), seconds > 0 ? inDelta / seconds : 0,
                    seconds > 0 ? outDelta / seconds : 0, clamp(busy * 1000.0 / ms), clamp(bp * 1000.0 / ms),
                    clamp(idle * 1000.0 / ms), r.task().accumulators(), now.pendingRecords()));
        }
        return out;
    }

    private static double clamp(double msPerSecond) {
        return Math.max(0, Math.min(1000, msPerSecond));
    }
}
