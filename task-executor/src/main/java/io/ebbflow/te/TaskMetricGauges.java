package io.ebbflow.te;

import io.ebbflow.core.protocol.JobMasterMessages.TaskMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Each running subtask's metrics as Prometheus gauges with Flink's names and labels
 * ({@code flink_taskmanager_job_task_numRecordsInPerSecond{job_id, task_name, subtask_index, tm_id}}),
 * updated at every metrics report and removed when the subtask ends. Event-loop confined.
 */
final class TaskMetricGauges {

    private static final Map<String, ToDoubleFunction<TaskMetrics>> METRICS = new java.util.LinkedHashMap<>();
    /** A source's metrics, -1 where it cannot tell: registered (with Flink's operator-level names) once told. */
    private static final Map<String, java.util.function.ToLongFunction<TaskMetrics>> SOURCE_METRICS =
            new java.util.LinkedHashMap<>();

    static {
        METRICS.put("numRecordsIn", TaskMetrics::numRecordsIn);
        METRICS.put("numRecordsOut", TaskMetrics::numRecordsOut);
        METRICS.put("numBytesIn", TaskMetrics::numBytesIn);
        METRICS.put("numBytesOut", TaskMetrics::numBytesOut);
        METRICS.put("numRecordsInPerSecond", TaskMetrics::numRecordsInPerSecond);
        METRICS.put("numRecordsOutPerSecond", TaskMetrics::numRecordsOutPerSecond);
        METRICS.put("busyTimeMsPerSecond", TaskMetrics::busyTimeMsPerSecond);
        METRICS.put("backPressuredTimeMsPerSecond", TaskMetrics::backPressuredTimeMsPerSecond);
        METRICS.put("idleTimeMsPerSecond", TaskMetrics::idleTimeMsPerSecond);
        SOURCE_METRICS.put("pendingRecords", TaskMetrics::pendingRecords);
        SOURCE_METRICS.put("currentFetchEventTimeLag", TaskMetrics::currentFetchEventTimeLag);
        SOURCE_METRICS.put("currentEmitEventTimeLag", TaskMetrics::currentEmitEventTimeLag);
        SOURCE_METRICS.put("numRecordsInErrors", TaskMetrics::numRecordsInErrors);
    }

    private final MeterRegistry registry;
    private final String taskExecutorId;
    private final Map<String, Registered> byExecution = new HashMap<>();

    TaskMetricGauges(MeterRegistry registry, String taskExecutorId) {
        this.registry = registry;
        this.taskExecutorId = taskExecutorId;
    }

    private static final class Registered {
        volatile TaskMetrics latest;
        final List<Meter> meters = new ArrayList<>();
        final java.util.Set<String> sourceMetrics = new java.util.HashSet<>();
    }

    void update(String jobId, String taskName, TaskMetrics metrics) {
        Registered r = byExecution.get(metrics.executionId());
        if (r == null) {
            Registered created = new Registered();
            for (Map.Entry<String, ToDoubleFunction<TaskMetrics>> m : METRICS.entrySet()) {
                register(created, "flink.taskmanager.job.task." + m.getKey(), m.getValue(), jobId, taskName, metrics);
            }
            byExecution.put(metrics.executionId(), created);
            r = created;
        }
        for (Map.Entry<String, java.util.function.ToLongFunction<TaskMetrics>> m : SOURCE_METRICS.entrySet()) {
            var read = m.getValue();
            // A source that tells it (from its first report that has it): Flink's operator-level name.
            if (read.applyAsLong(metrics) >= 0 && r.sourceMetrics.add(m.getKey())) {
                register(r, "flink.taskmanager.job.task.operator." + m.getKey(),
                        x -> read.applyAsLong(x) < 0 ? Double.NaN : read.applyAsLong(x), jobId, taskName, metrics);
            }
        }
        r.latest = metrics;
    }

    /** A gauge of one subtask's latest report, with Flink's labels. */
    private void register(Registered r, String name, ToDoubleFunction<TaskMetrics> read, String jobId, String taskName,
            TaskMetrics metrics) {
        r.meters.add(Gauge.builder(name, r, g -> g.latest == null ? Double.NaN : read.applyAsDouble(g.latest))
                .tag("job_id", jobId).tag("task_name", taskName)
                .tag("subtask_index", Integer.toString(metrics.subtaskIndex())).tag("tm_id", taskExecutorId)
                .register(registry));
    }

    void remove(String executionId) {
        Registered r = byExecution.remove(executionId);
        if (r != null) {
            r.meters.forEach(registry::remove);
        }
    }
}
