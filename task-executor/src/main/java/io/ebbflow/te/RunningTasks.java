package io.ebbflow.te;

import io.ebbflow.core.protocol.ProtocolError;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.TaskExecutorMessages.AddSplits;
import io.ebbflow.core.protocol.TaskExecutorMessages.NotifyCheckpointComplete;
import io.ebbflow.core.protocol.TaskExecutorMessages.TriggerCheckpoint;
import io.ebbflow.core.util.PathGuard;
import io.ebbflow.runtime.checkpoint.CheckpointBarrier;
import io.ebbflow.runtime.task.StreamTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The subtasks running in this TaskExecutor, by execution id, with the job and slot each runs in. Routes
 * cancellations and checkpoint calls to them; deploying them is {@link SubtaskDeployer}'s part.
 *
 * <p>Confined to the TaskExecutor verticle's thread; subtasks themselves run on their own threads.
 */
final class RunningTasks {

    /** A deployed subtask. */
    record Running(StreamTask task, String jobId, String allocationId, long startTime) {
    }

    private final Map<String, Running> tasks = new LinkedHashMap<>();

    void started(StreamTask task, String jobId, String allocationId, long now) {
        tasks.put(task.spec().executionId(), new Running(task, jobId, allocationId, now));
    }

    Running get(String executionId) {
        return tasks.get(executionId);
    }

    /** Forgets a subtask that ended. */
    void ended(String executionId) {
        tasks.remove(executionId);
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

    /** Cancels one subtask, if it runs here for that job. */
    void cancelExecution(String jobId, String executionId) {
        Running r = runningFor(jobId, executionId);
        if (r != null) {
            r.task().cancel();
        }
    }

    void cancelAll() {
        tasks.values().forEach(r -> r.task().cancel());
    }

    /**
     * Passes the checkpoint's barrier to the listed subtasks of the job.
     *
     * @return the listed subtasks that do not run here for the job (the JobMaster is told they decline)
     */
    List<String> triggerCheckpoint(TriggerCheckpoint msg) {
        String directory;
        try {
            // Subtasks write their state files into this directory: only the job's own checkpoint (or savepoint)
            // directory is accepted, never one a message made up.
            directory = PathGuard.checkpointLocation(msg.directory(), msg.jobId(), msg.checkpointId(), msg.savepoint());
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ProtocolError.MALFORMED, "checkpoint " + msg.checkpointId() + " of job "
                    + msg.jobId() + " refused: " + e.getMessage());
        }
        CheckpointBarrier barrier = new CheckpointBarrier(msg.checkpointId(), msg.timestamp(), directory, msg.savepoint());
        List<String> notHere = new ArrayList<>();
        for (String exec : msg.executionIds()) {
            Running r = runningFor(msg.jobId(), exec);
            if (r != null) {
                r.task().triggerCheckpoint(barrier, msg.pauseSources());
            } else {
                notHere.add(exec);
            }
        }
        return notHere;
    }

    /** Tells the listed subtasks of the job that the checkpoint completed, or was aborted. */
    void notifyCheckpoint(NotifyCheckpointComplete msg) {
        for (String exec : msg.executionIds()) {
            Running r = runningFor(msg.jobId(), exec);
            if (r == null) {
                continue;
            }
            if (msg.aborted()) {
                r.task().notifyCheckpointAborted(msg.checkpointId());
            } else {
                r.task().notifyCheckpointComplete(msg.checkpointId());
            }
        }
    }

    /**
     * Hands splits found while the job runs to one of its source subtasks here.
     *
     * @throws ProtocolException not found if the subtask does not run here for the job, malformed if it is no source
     */
    void addSplits(AddSplits msg) {
        Running r = runningFor(msg.jobId(), msg.executionId());
        if (r == null) {
            throw ProtocolException.notFound("subtask " + msg.executionId() + " of job " + msg.jobId()
                    + " does not run here: splits " + msg.splitIds() + " not added");
        }
        try {
            r.task().addSplits(msg.splits());
        } catch (IllegalStateException e) {
            throw ProtocolException.malformed("splits " + msg.splitIds() + " refused: " + e.getMessage());
        }
    }

    List<Running> all() {
        return new ArrayList<>(tasks.values());
    }

    /** The job's subtasks here, in deployment order. */
    List<Running> ofJob(String jobId) {
        return tasks.values().stream().filter(r -> r.jobId().equals(jobId)).toList();
    }

    Set<String> jobs() {
        return tasks.values().stream().map(Running::jobId).collect(Collectors.toSet());
    }

    boolean hasTasks(String jobId) {
        return tasks.values().stream().anyMatch(r -> r.jobId().equals(jobId));
    }

    private Running runningFor(String jobId, String executionId) {
        Running r = tasks.get(executionId);
        return r != null && r.jobId().equals(jobId) ? r : null;
    }
}
