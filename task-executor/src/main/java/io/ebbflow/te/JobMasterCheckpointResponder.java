package io.ebbflow.te;

import io.ebbflow.core.protocol.JobMasterGateway;
import io.ebbflow.core.protocol.JobMasterMessages.AcknowledgeCheckpoint;
import io.ebbflow.core.protocol.JobMasterMessages.DeclineCheckpoint;
import io.ebbflow.core.checkpoint.SubtaskCheckpointMetrics;
import io.ebbflow.core.checkpoint.SubtaskSnapshot;
import io.ebbflow.runtime.task.CheckpointResponder;
import io.ebbflow.runtime.task.TaskSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells each job's JobMaster how its subtasks' parts of a checkpoint went: acknowledged with the
 * subtask's snapshot, or declined with a reason.
 *
 * <p>The acknowledgement carries the {@link SubtaskSnapshot} as JSON text; this class is the only place
 * that encodes it. Subtasks call from their snapshot writer's threads: this class holds no mutable state,
 * and the event bus may be used from any thread.
 */
final class JobMasterCheckpointResponder implements CheckpointResponder {

    private static final Logger LOG = LoggerFactory.getLogger(JobMasterCheckpointResponder.class);

    private final String taskExecutorId;
    private final JobMasterGateway jobMasters;

    JobMasterCheckpointResponder(String taskExecutorId, JobMasterGateway jobMasters) {
        this.taskExecutorId = taskExecutorId;
        this.jobMasters = jobMasters;
    }

    @Override
    public void acknowledge(TaskSpec task, long checkpointId, SubtaskSnapshot snapshot, SubtaskCheckpointMetrics metrics) {
        jobMasters.acknowledgeCheckpoint(task.jobId(), new AcknowledgeCheckpoint(taskExecutorId, task.executionId(),
                        checkpointId, snapshot, metrics))
                .onFailure(e -> LOG.warn("Acknowledging checkpoint {} of {} failed: {}", checkpointId, task.taskName(),
                        e.toString()));
    }

    @Override
    public void decline(TaskSpec task, long checkpointId, String reason) {
        send(task.jobId(), new DeclineCheckpoint(taskExecutorId, task.executionId(), Math.max(1, checkpointId), reason));
    }

    /** The JobMaster asked a subtask that does not run here (any more) to take part in a checkpoint. */
    void declineNotRunning(String jobId, String executionId, long checkpointId) {
        send(jobId, new DeclineCheckpoint(taskExecutorId, executionId, checkpointId,
                "subtask " + executionId + " is not running on " + taskExecutorId));
    }

    private void send(String jobId, DeclineCheckpoint decline) {
        jobMasters.declineCheckpoint(jobId, decline)
                .onFailure(e -> LOG.debug("Declining checkpoint {} failed: {}", decline.checkpointId(), e.toString()));
    }
}
