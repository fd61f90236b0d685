package io.ebbflow.jm.execution;

import io.ebbflow.core.job.ExecutionState;
import io.ebbflow.core.protocol.JobMasterMessages.SubtaskView;
import io.ebbflow.core.protocol.JobMasterMessages.TaskMetrics;
import io.ebbflow.core.protocol.JobMasterMessages.TimeTotals;
import io.ebbflow.core.protocol.JobMasterMessages.VertexMetrics;
import io.ebbflow.runtime.graph.ExecutionPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a job: every subtask of its execution plan with its state and latest metrics, and the run's
 * status derived from them. Pure bookkeeping; confined to the JobMaster's verticle.
 */
public final class JobRun {

    /** The run's status. */
    public enum Status { DEPLOYING, RUNNING, FINISHED, FAILED, CANCELING, CANCELED }

    /** One subtask. */
    public static final class Subtask {
        private final ExecutionPlan.Subtask plan;
        private final String allocationId;
        private ExecutionState state = ExecutionState.DEPLOYING;
        private long since;
        private TaskMetrics metrics;
        /** A source subtask that ended: records it read after each checkpoint (0: the beginning); null if unknown. */
        private Map<Long, Long> readAfter;
        /** A subtask that ended: its accumulators' final values, which outrank its last metrics report's. */
        private Map<String, Long> finalAccumulators = Map.of();

        Subtask(ExecutionPlan.Subtask plan, String allocationId, long now) {
            this.plan = plan;
            this.allocationId = allocationId;
            this.since = now;
        }

        public ExecutionPlan.Subtask plan() {
            return plan;
        }

        public ExecutionState state() {
            return state;
        }

        public boolean terminal() {
            return state.isTerminal();
        }
    }

    /** The first failure of the run. */
    public record Failure(long timestamp, String taskName, String taskExecutorId, String cause) {
    }

    private final ExecutionPlan plan;
    private final Map<String, Subtask> subtasks = new LinkedHashMap<>();
    private Status status = Status.DEPLOYING;
    private Failure failure;
    private final long startTime;

    public JobRun(ExecutionPlan plan, Map<String, String> allocationOfExecution, long now) {
        this.plan = plan;
        this.startTime = now;
        for (ExecutionPlan.Subtask s : plan.subtasks()) {
            subtasks.put(s.executionId(), new Subtask(s, allocationOfExecution.get(s.executionId()), now));
        }
    }

    /** The job accumulators of the subtasks' latest reports, summed; null while no subtask has reported. */
    public Map<String, Long> accumulators() {
        Map<String, Long> sum = new java.util.TreeMap<>();
        boolean any = false;
        for (Subtask s : subtasks.values()) {
            if (!s.finalAccumulators.isEmpty()) {
                any = true;
                s.finalAccumulators.forEach((k, v) -> sum.merge(k, v, Long::sum));
            } else if (s.metrics != null) {
                any = true;
                s.metrics.accumulators().forEach((k, v) -> sum.merge(k, v, Long::sum));
            }
        }
        return any ? sum : null;
    }

    /** The slots this run's subtasks use. */
    public java.util.Set<String> allocationIds() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        subtasks.values().forEach(s -> out.add(s.allocationId));
        return out;
    }

    public ExecutionPlan plan() {
        return plan;
    }

    public Status status() {
        return status;
    }

    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    public long startTime() {
        return startTime;
    }

    public List<Subtask> subtasks() {
        return new ArrayList<>(subtasks.values());
    }

    public boolean isTerminal() {
        return status == Status.FINISHED || status == Status.FAILED || status == Status.CANCELED;
    }

    /**
     * A subtask reported a state.
     *
     * @return the run's new status if it changed
     */
    public Optional<Status> onTaskState(String executionId, ExecutionState state, String taskExecutorId, String cause,
            Map<Long, Long> readAfter, Map<String, Long> finalAccumulators, long now) {
        Subtask s = subtasks.get(executionId);
        if (s == null || s.terminal()) {
            return Optional.empty();
        }
        s.state = state;
        if (s.terminal()) {
            s.finalAccumulators = finalAccumulators;
        }
        if (s.terminal() && s.plan.spec().inputs().isEmpty()) {
            s.readAfter = readAfter;
        }
        s.since = now;
        Status before = status;
        if (state == ExecutionState.FAILED && failure == null && status != Status.CANCELING) {
            failure = new Failure(now, s.plan.spec().taskName() + " (" + (s.plan.index() + 1) + "/"
                    + s.plan.spec().parallelism() + ")", taskExecutorId, cause);
            status = Status.FAILED;
        } else if (status == Status.DEPLOYING && subtasks.values().stream()
                .allMatch(x -> x.state == ExecutionState.RUNNING || x.state == ExecutionState.FINISHED)) {
            status = Status.RUNNING;
        }
        if ((status == Status.RUNNING || status == Status.DEPLOYING)
                && subtasks.values().stream().allMatch(x -> x.state == ExecutionState.FINISHED)) {
            status = Status.FINISHED;
        } else if (status == Status.CANCELING && subtasks.values().stream().allMatch(Subtask::terminal)) {
            status = Status.CANCELED;
        }
        return status != before ? Optional.of(status) : Optional.empty();
    }

    /** The run fails for a reason outside its subtasks (a lost TaskExecutor, a deployment error). */
    public boolean fail(String taskName, String taskExecutorId, String cause, long now) {
        if (isTerminal()) {
            return false;
        }
        if (failure == null) {
            failure = new Failure(now, taskName, taskExecutorId, cause);
        }
        status = Status.FAILED;
        return true;
    }

    public void cancel() {
        if (!isTerminal()) {
            status = subtasks.values().stream().allMatch(Subtask::terminal) ? Status.CANCELED : Status.CANCELING;
        }
    }

    /** A TaskExecutor is gone: its subtasks of this run will never report, they count as failed. */
    public void lost(String taskExecutorId, long now) {
        for (Subtask s : subtasks.values()) {
            if (!s.terminal() && s.plan.location().taskExecutorId().equals(taskExecutorId)) {
                s.state = ExecutionState.FAILED;
                s.since = now;
            }
        }
    }

    /** Every subtask that has not ended counts as failed; returns them as "execution on TaskExecutor". */
    public java.util.List<String> abandon(long now) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Subtask s : subtasks.values()) {
            if (!s.terminal()) {
                s.state = ExecutionState.FAILED;
                s.since = now;
                out.add(s.plan.executionId() + " on " + s.plan.location().taskExecutorId());
            }
        }
        return out;
    }

    public void onMetrics(TaskMetrics m) {
        Subtask s = subtasks.get(m.executionId());
        if (s != null) {
            s.metrics = m;
        }
    }

    /** Records the run's sources read after a checkpoint, and how many source subtasks could not tell. */
    public record ReadAgain(long records, int unknownSources) {
    }

    /**
     * What a restart from checkpoint {@code checkpointId} (0: the beginning) reads again of what this run's
     * sources read: their reports when they ended; a source lost with its TaskExecutor, or one that had not
     * kept that checkpoint's count, is counted as unknown.
     */
    public ReadAgain readAfter(long checkpointId) {
        long records = 0;
        int unknown = 0;
        for (Subtask s : subtasks.values()) {
            if (!s.plan.spec().inputs().isEmpty()) {
                continue;
            }
            Long n = s.readAfter == null ? null : s.readAfter.get(checkpointId);
            if (n == null) {
                unknown++;
            } else {
                records += n;
            }
        }
        return new ReadAgain(records, unknown);
    }

    /** Subtasks running (or being deployed) on a TaskExecutor. */
    public List<Subtask> on(String taskExecutorId) {
        return subtasks.values().stream().filter(s -> s.plan.location().taskExecutorId().equals(taskExecutorId)
                && !s.terminal()).toList();
    }

    /** A vertex's status: the worst of its subtasks'. */
    public ExecutionState vertexStatus(String vertexId) {
        List<Subtask> of = ofVertex(vertexId);
        if (of.stream().anyMatch(s -> s.state == ExecutionState.FAILED)) {
            return ExecutionState.FAILED;
        }
        if (of.stream().allMatch(s -> s.state == ExecutionState.FINISHED)) {
            return ExecutionState.FINISHED;
        }
        if (of.stream().allMatch(s -> s.state == ExecutionState.CANCELED || s.state == ExecutionState.FINISHED)) {
            return ExecutionState.CANCELED;
        }
        if (of.stream().anyMatch(s -> s.state == ExecutionState.DEPLOYING)) {
            return ExecutionState.DEPLOYING;
        }
        return status == Status.CANCELING ? ExecutionState.CANCELING : ExecutionState.RUNNING;
    }

    public List<Subtask> ofVertex(String vertexId) {
        return subtasks.values().stream().filter(s -> s.plan.vertexId().equals(vertexId)).toList();
    }

    public List<SubtaskView> subtaskViews(String vertexId) {
        return ofVertex(vertexId).stream().map(s -> new SubtaskView(s.plan.index(), s.plan.executionId(),
                s.plan.location().taskExecutorId(), s.state, s.since, s.metrics)).toList();
    }

    /** The vertex's subtasks' mean {@code busyTimeMsPerSecond} (0 before any reported): the vertex without its skew. */
    public double busyTimeMsPerSecondAvg(String vertexId) {
        return ofVertex(vertexId).stream().filter(s -> s.metrics != null)
                .mapToDouble(s -> s.metrics.busyTimeMsPerSecond()).average().orElse(0);
    }

    /** Flink's vertex metrics: records and bytes summed, rates summed, busy and backpressure the busiest subtask's. */
    public VertexMetrics vertexMetrics(String vertexId, boolean source) {
        long readRecords = 0;
        long writeRecords = 0;
        long readBytes = 0;
        long writeBytes = 0;
        double in = 0;
        double out = 0;
        double busy = 0;
        double bp = 0;
        double idle = 0;
        long pending = -1;
        long fetchLag = -1;
        long emitLag = -1;
        long errors = -1;
        TimeTotals totals = TimeTotals.NONE;
        int n = 0;
        for (Subtask s : ofVertex(vertexId)) {
            TaskMetrics m = s.metrics;
            if (m == null) {
                continue;
            }
            n++;
            readRecords += source ? 0 : m.numRecordsIn();
            writeRecords += m.numRecordsOut();
            readBytes += m.numBytesIn();
            writeBytes += m.numBytesOut();
            in += m.numRecordsInPerSecond();
            out += m.numRecordsOutPerSecond();
            busy = Math.max(busy, m.busyTimeMsPerSecond());
            bp = Math.max(bp, m.backPressuredTimeMsPerSecond());
            idle += m.idleTimeMsPerSecond();
            pending = sumOfKnown(pending, m.pendingRecords());
            errors = sumOfKnown(errors, m.numRecordsInErrors());
            fetchLag = Math.max(fetchLag, m.currentFetchEventTimeLag());
            emitLag = Math.max(emitLag, m.currentEmitEventTimeLag());
            totals = totals.plus(m.totals());
        }
        return n == 0 ? VertexMetrics.NONE
                : new VertexMetrics(readRecords, writeRecords, readBytes, writeBytes, in, out, busy, bp, idle / n, pending,
                        fetchLag, emitLag, errors, totals);
    }

    /** The job's backlog and records skipped as unreadable, over its source subtasks that tell them (-1: none tells). */
    public record SourceTotals(long pendingRecords, long numRecordsInErrors) {
    }

    /** This run's source subtasks' latest backlog and skipped records, summed. */
    public SourceTotals sourceTotals() {
        long pending = -1;
        long errors = -1;
        for (Subtask s : subtasks.values()) {
            if (s.metrics != null && s.plan.spec().inputs().isEmpty()) {
                pending = sumOfKnown(pending, s.metrics.pendingRecords());
                errors = sumOfKnown(errors, s.metrics.numRecordsInErrors());
            }
        }
        return new SourceTotals(pending, errors);
    }

    /** A sum of the figures that are known (-1: unknown; the sum is -1 while none is known). */
    private static long sumOfKnown(long sum, long value) {
        return value < 0 ? sum : Math.max(0, sum) + value;
    }
}
