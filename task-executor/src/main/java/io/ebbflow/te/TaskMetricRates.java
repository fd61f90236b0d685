package io.ebbflow.te;

import io.ebbflow.core.protocol.JobMasterMessages;
import io.ebbflow.core.protocol.JobMasterMessages.TaskMetrics;
import io.ebbflow.runtime.task.TaskMetrics.Snapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns each subtask's counters into Flink's task metrics: totals as they are, and per-second rates and
 * time shares (busy, back-pressured, idle; milliseconds per second, 0 to 1000) over the interval since
 * the subtask's previous report, or over its whole life for its first.
 *
 * <p>Pure bookkeeping of each subtask's previous counters. Confined to the TaskExecutor's verticle.
 */
final class TaskMetricRates {

    private final Map<String, Snapshot> previous = new HashMap<>();

    /** The subtask's metrics from its counters {@code now}; remembers them as the start of its next interval. */
    TaskMetrics next(String executionId, String vertexId, int subtaskIndex, Snapshot now, Map<String, Long> accumulators) {
        Snapshot before = previous.put(executionId, now);
        double seconds = before == null ? now.elapsedMillis() / 1000.0 : (now.elapsedMillis() - before.elapsedMillis()) / 1000.0;
        double ms = Math.max(1, seconds * 1000);
        long inDelta = now.numRecordsIn() - (before == null ? 0 : before.numRecordsIn());
        long outDelta = now.numRecordsOut() - (before == null ? 0 : before.numRecordsOut());
        long busy = now.busyMillis() - (before == null ? 0 : before.busyMillis());
        long bp = now.backPressuredMillis() - (before == null ? 0 : before.backPressuredMillis());
        long idle = now.idleMillis() - (before == null ? 0 : before.idleMillis());
        return new TaskMetrics(executionId, vertexId, subtaskIndex, now.numRecordsIn(), now.numRecordsOut(),
                now.numBytesIn(), now.numBytesOut(), seconds > 0 ? inDelta / seconds : 0,
                seconds > 0 ? outDelta / seconds : 0, clamp(busy * 1000.0 / ms), clamp(bp * 1000.0 / ms),
                clamp(idle * 1000.0 / ms), accumulators, now.pendingRecords(), now.currentFetchEventTimeLag(),
                now.currentEmitEventTimeLag(), now.numRecordsInErrors(),
                new JobMasterMessages.TimeTotals(now.busyMillis(), now.backPressuredMillis(), now.idleMillis()));
    }

    /** Forgets a subtask that ended. */
    void forget(String executionId) {
        previous.remove(executionId);
    }

    private static double clamp(double msPerSecond) {
        return Math.max(0, Math.min(1000, msPerSecond));
    }
}
