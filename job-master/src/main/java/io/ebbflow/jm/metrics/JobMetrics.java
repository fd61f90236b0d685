package io.ebbflow.jm.metrics;

import io.ebbflow.core.time.Clock;
import io.ebbflow.jm.checkpoint.CheckpointCoordinator;
import io.ebbflow.jm.checkpoint.PublishedCheckpointStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The JobMaster's metrics, under Flink's names where Flink has them. Gauges are read by scrapes on other
 * threads: everything they read is volatile or published as such by the event loop (the only writer).
 */
public final class JobMetrics {

    private final MeterRegistry registry;
    private final String jobId;
    private final String jobName;
    private final Timer acquisition;
    private volatile int restarts;
    private volatile int rescales;
    private volatile long pendingRecords = -1;
    private volatile long numRecordsInErrors = -1;

    public JobMetrics(MeterRegistry registry, String jobId, String jobName, IntSupplier heldSlots) {
        this.registry = registry;
        this.jobId = jobId;
        this.jobName = jobName;
        this.acquisition = Timer.builder("ebbflow.jobmanager.slot.acquisition")
                .description("Time from the job being short of slots it is entitled to until a slot was accepted")
                .tag("job_id", jobId).publishPercentiles(0.5, 0.99).register(registry);
        gauge("ebbflow.jobmanager.job.slots.held", "Slots held by the job's slot pool", j -> heldSlots.getAsInt());
        gauge("ebbflow.jobmanager.job.pendingRecords",
                "The job's backlog: Flink's pendingRecords summed over its source subtasks (NaN: no source tells)",
                j -> j.pendingRecords < 0 ? Double.NaN : j.pendingRecords);
        gauge("ebbflow.jobmanager.job.numRecordsInErrors",
                "Records the job's sources skipped as unreadable, summed over its source subtasks (NaN: none tells)",
                j -> j.numRecordsInErrors < 0 ? Double.NaN : j.numRecordsInErrors);
    }

    /** The sources' latest reports, summed over the current run's source subtasks (-1: none tells); event loop only. */
    public void sources(long pending, long recordsInErrors) {
        this.pendingRecords = pending;
        this.numRecordsInErrors = recordsInErrors;
    }

    /** A slot was accepted after the job waited this long for it. */
    public void slotAcquired(long waitedMillis) {
        acquisition.record(waitedMillis, TimeUnit.MILLISECONDS);
    }

    /** A rescale or a restart after a failure began (event loop only). */
    public void restartBegan(boolean rescale) {
        if (rescale) {
            rescales++;
        } else {
            restarts++;
        }
    }

    public int restarts() {
        return restarts;
    }

    public int rescales() {
        return rescales;
    }

    /** Flink's checkpoint, restart and job-time metrics of a job with a dataflow. */
    public void registerJobGauges(CheckpointCoordinator coordinator, JobTimes times, Clock clock) {
        PublishedCheckpointStats checkpoints = coordinator.published();
        gauge("flink.jobmanager.job.lastCheckpointDuration", "Duration of the last completed checkpoint (ms)",
                j -> checkpoints.lastCompleted() == null ? -1 : checkpoints.lastCompleted().duration());
        gauge("flink.jobmanager.job.lastCheckpointSize", "State size of the last completed checkpoint (bytes)",
                j -> checkpoints.lastCompleted() == null ? -1 : checkpoints.lastCompleted().stateSize());
        gauge("flink.jobmanager.job.numberOfCompletedCheckpoints", "Completed checkpoints", j -> checkpoints.completedCount());
        gauge("flink.jobmanager.job.numberOfFailedCheckpoints", "Failed checkpoints", j -> checkpoints.failedCount());
        gauge("flink.jobmanager.job.lastCheckpointRestoreTimestamp",
                "When the job last restored a checkpoint (epoch ms, -1 never)", j -> checkpoints.restoredAt());
        gauge("flink.jobmanager.job.numRestarts", "Restarts after failures", j -> j.restarts);
        gauge("flink.jobmanager.job.numRescales", "Rescales", j -> j.rescales);
        gauge("flink.jobmanager.job.uptime",
                "Milliseconds the job has been running since its last (re)start, 0 while not running",
                j -> times.uptime(clock.millis()));
        gauge("flink.jobmanager.job.downtime", "Milliseconds the job has been restarting or rescaling, 0 while running",
                j -> times.downtime(clock.millis()));
        gauge("flink.jobmanager.job.restartingTime",
                "Milliseconds the last (or current) restart or rescale took until running again",
                j -> times.restartingTime(clock.millis()));
    }

    private void gauge(String name, String description, ToDoubleFunction<JobMetrics> value) {
        Gauge.builder(name, this, value).tag("job_id", jobId).tag("job_name", jobName).description(description)
                .register(registry);
    }
}
