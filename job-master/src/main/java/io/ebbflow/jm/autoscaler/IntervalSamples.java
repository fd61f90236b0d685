package io.ebbflow.jm.autoscaler;

import io.ebbflow.core.protocol.JobMasterMessages.TaskMetrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each vertex's figures over the whole time since the autoscaler's previous sample, from its subtasks' running totals
 * (records in and out, and busy, back-pressured and idle milliseconds, each on its subtask's own clock).
 *
 * <p>A subtask's reported rates cover only its last report interval (a second): sampled every few seconds they are
 * points of a signal that is bursty wherever back-pressure is, as a source reading its backlog into freed buffers
 * (the step-up benchmark's source read 1.4 k, 2.0 k, 1.5 k and 3.3 k records in four seconds at a steady 2000/s,
 * and the policy took the 3.3 k/s for its target). The totals' differences cover every second between two samples.
 *
 * <p>A vertex falls back to its reported rates while a subtask has no earlier totals (a new run) or no new report
 * since the previous sample. Pure bookkeeping, confined to the JobMaster's autoscaler loop.
 */
final class IntervalSamples {

    /** Less than this between two reports of a subtask, and its reported rates are as good. */
    static final long MIN_INTERVAL_MILLIS = 500;

    private record Totals(long in, long out, long busy, long elapsed) {
        static Totals of(TaskMetrics m) {
            return new Totals(m.numRecordsIn(), m.numRecordsOut(), m.totals().busyMillis(),
                    m.totals().busyMillis() + m.totals().backPressuredMillis() + m.totals().idleMillis());
        }
    }

    private Map<String, Totals> previous = new HashMap<>();
    private final Map<String, Totals> current = new HashMap<>();

    /**
     * The vertex's sample over the interval since the previous one, or {@code reported} (its subtasks' latest rates)
     * when some subtask cannot tell it yet. Its backlog is the reported one (a level, not a rate).
     *
     * @param subtasks the latest metrics of each of the vertex's subtasks that reported
     */
    VertexSample sample(List<TaskMetrics> subtasks, VertexSample reported) {
        boolean measurable = !subtasks.isEmpty();
        for (TaskMetrics m : subtasks) {
            Totals before = previous.get(m.executionId());
            measurable &= before != null && Totals.of(m).elapsed() - before.elapsed() >= MIN_INTERVAL_MILLIS;
        }
        if (!measurable) {
            // Every subtask keeps its earlier totals (a new one starts from now): the next sample measures the whole
            // vertex from one start, over a longer interval.
            subtasks.forEach(m -> current.put(m.executionId(), previous.getOrDefault(m.executionId(), Totals.of(m))));
            return reported;
        }
        double in = 0;
        double out = 0;
        double busiest = 0;
        double busySum = 0;
        for (TaskMetrics m : subtasks) {
            Totals now = Totals.of(m);
            Totals before = previous.get(m.executionId());
            long elapsed = now.elapsed() - before.elapsed();
            double seconds = elapsed / 1000.0;
            in += Math.max(0, now.in() - before.in()) / seconds;
            out += Math.max(0, now.out() - before.out()) / seconds;
            double busy = Math.min(1000, Math.max(0, now.busy() - before.busy()) * 1000.0 / elapsed);
            busiest = Math.max(busiest, busy);
            busySum += busy;
            current.put(m.executionId(), now);
        }
        return new VertexSample(busiest, in, out, reported.pendingRecords(), busySum / subtasks.size());
    }

    /** Ends a sample: the totals read in it are where the next one measures from; subtasks not seen are forgotten. */
    void endSample() {
        previous = new HashMap<>(current);
        current.clear();
    }
}
