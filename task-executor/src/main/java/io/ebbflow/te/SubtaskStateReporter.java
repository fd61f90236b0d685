package io.ebbflow.te;

import io.ebbflow.core.job.ExecutionState;
import io.ebbflow.core.protocol.JobMasterGateway;
import io.ebbflow.core.protocol.JobMasterMessages.TaskStateUpdate;
import io.ebbflow.core.protocol.TaskExecutorMessages.SubmitTask;
import io.ebbflow.core.util.StackTraces;
import io.ebbflow.runtime.task.StreamTask;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports each subtask's state to its job's JobMaster: RUNNING, then one of FINISHED, CANCELED or FAILED
 * (with the cause's stack trace), the last three with the records it read after each checkpoint and the
 * final values of its job accumulators.
 *
 * <p>A subtask calls its listener from its own thread; the report hops to the TaskExecutor verticle's
 * thread ({@code owner}) first, where an ended subtask is handed to {@code ended} to be forgotten before
 * it is reported.
 */
final class SubtaskStateReporter {

    private static final Logger LOG = LoggerFactory.getLogger(SubtaskStateReporter.class);

    /** What the TaskExecutor does when a subtask has ended; runs on its verticle's thread. */
    @FunctionalInterface
    interface Ended {
        void subtaskEnded(String jobId, String executionId);
    }

    private final String taskExecutorId;
    private final Executor owner;
    private final JobMasterGateway jobMasters;
    private final Ended ended;

    SubtaskStateReporter(String taskExecutorId, Executor owner, JobMasterGateway jobMasters, Ended ended) {
        this.taskExecutorId = taskExecutorId;
        this.owner = owner;
        this.jobMasters = jobMasters;
        this.ended = ended;
    }

    /** The listener of the subtask deployed by {@code msg}. */
    StreamTask.Listener listenerFor(SubmitTask msg) {
        return new StreamTask.Listener() {
            @Override
            public void running(StreamTask task) {
                report(msg, task, ExecutionState.RUNNING, null, Map.of());
            }

            @Override
            public void finished(StreamTask task) {
                report(msg, task, ExecutionState.FINISHED, null, task.readAfterCheckpoints());
            }

            @Override
            public void canceled(StreamTask task) {
                report(msg, task, ExecutionState.CANCELED, null, task.readAfterCheckpoints());
            }

            @Override
            public void failed(StreamTask task, Throwable cause) {
                report(msg, task, ExecutionState.FAILED, StackTraces.of(cause), task.readAfterCheckpoints());
            }
        };
    }

    private void report(SubmitTask msg, StreamTask task, ExecutionState state, String cause, Map<Long, Long> readAfter) {
        String executionId = task.spec().executionId();
        Map<String, Long> accumulators = state == ExecutionState.RUNNING ? Map.of() : Map.copyOf(task.accumulators());
        owner.execute(() -> {
            if (state != ExecutionState.RUNNING) {
                LOG.info("Subtask {} ({}/{}) of job {} {}", msg.taskName(), msg.subtaskIndex() + 1, msg.parallelism(),
                        msg.jobId(), state);
                ended.subtaskEnded(msg.jobId(), executionId);
            }
            jobMasters.updateTaskState(msg.jobId(),
                    new TaskStateUpdate(taskExecutorId, executionId, state, cause, readAfter, accumulators))
                    .onFailure(e -> LOG.info("Could not report {} of {} to the JobMaster of job {}: {}", state,
                            task.spec().taskName(), msg.jobId(), e.toString()));
        });
    }
}
