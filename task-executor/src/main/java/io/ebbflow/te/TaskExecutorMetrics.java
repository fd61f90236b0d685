package io.ebbflow.te;

import io.ebbflow.core.protocol.JobMasterGateway;
import io.ebbflow.core.protocol.JobMasterMessages.TaskMetrics;
import io.ebbflow.core.protocol.JobMasterMessages.TaskMetricsReport;
import io.ebbflow.runtime.task.TaskSpec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this TaskExecutor measures: its slots (free and total, as gauges), and its running subtasks,
 * whose metrics at every report become Flink-named gauges here ({@link TaskMetricGauges}) and a report
 * to each job's JobMaster.
 *
 * <p>Confined to the TaskExecutor's verticle; a failed report is logged and the next one is complete
 * again (totals, and rates since the last report computed here).
 */
final class TaskExecutorMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(TaskExecutorMetrics.class);

    private final String taskExecutorId;
    private final TaskSlotTable slots;
    private final RunningTasks tasks;
    private final JobMasterGateway jobMasters;
    private final TaskMetricGauges gauges;
    private final TaskMetricRates rates = new TaskMetricRates();
    private final AtomicInteger freeSlots = new AtomicInteger();

    TaskExecutorMetrics(String taskExecutorId, MeterRegistry registry, TaskSlotTable slots, RunningTasks tasks,
            JobMasterGateway jobMasters) {
        this.taskExecutorId = taskExecutorId;
        this.slots = slots;
        this.tasks = tasks;
        this.jobMasters = jobMasters;
        this.gauges = new TaskMetricGauges(registry, taskExecutorId);
        Gauge.builder("ebbflow.taskexecutor.slots.free", freeSlots, AtomicInteger::get)
                .tag("tm_id", taskExecutorId).description("Free slots of this TaskExecutor").register(registry);
        Gauge.builder("ebbflow.taskexecutor.slots", slots, TaskSlotTable::size)
                .tag("tm_id", taskExecutorId).description("Slots of this TaskExecutor").register(registry);
        slotsChanged();
    }

    /** A slot was allocated or freed. */
    void slotsChanged() {
        freeSlots.set(slots.freeSlots());
    }

    /** Updates the subtasks' gauges and reports each job's subtasks to its JobMaster. */
    void report() {
        for (String job : tasks.jobs()) {
            List<TaskMetrics> report = new ArrayList<>();
            for (RunningTasks.Running r : tasks.ofJob(job)) {
                TaskSpec spec = r.task().spec();
                TaskMetrics m = rates.next(spec.executionId(), spec.vertexId(), spec.subtaskIndex(),
                        r.task().metrics().snapshot(), r.task().accumulators());
                gauges.update(job, spec.taskName(), m);
                report.add(m);
            }
            if (!report.isEmpty()) {
                jobMasters.reportTaskMetrics(job, new TaskMetricsReport(taskExecutorId, report))
                        .onFailure(e -> LOG.debug("Could not report metrics of job {}: {}", job, e.toString()));
            }
        }
    }

    /** A subtask ended: its gauges go. */
    void subtaskEnded(String executionId) {
        gauges.remove(executionId);
        rates.forget(executionId);
    }
}
