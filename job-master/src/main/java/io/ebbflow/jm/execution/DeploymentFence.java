package io.ebbflow.jm.execution;

import io.ebbflow.core.protocol.JobMasterMessages.ConfirmDeployment;
import java.util.List;
import java.util.Optional;

/**
 * Whether a TaskExecutor may start a subtask it was sent, asked before any of the subtask's code runs (its state
 * restore included). A deployment message can arrive long after it was sent: held in a connection across a network
 * partition, it may reach the TaskExecutor when this JobMaster has given up on it and redeployed the job elsewhere.
 * Started, such a subtask would restore an old checkpoint and run the restore's side effects against the newer
 * deployment's output. Only a subtask of the running execution, deployed by this JobMaster's epoch to the
 * TaskExecutor that asks, and not ended, may start.
 *
 * <p>Decides only; {@link Executions} applies the verdict.
 */
final class DeploymentFence {

    /**
     * @param confirmed the subtask may start
     * @param countAsCancelled refused, and the subtask belongs to an execution of this JobMaster still being wound
     *        down: it never starts, so it counts as cancelled at once instead of being waited for
     * @param reason why it was refused (empty when confirmed)
     */
    record Verdict(boolean confirmed, boolean countAsCancelled, String reason) {
    }

    private DeploymentFence() {
    }

    static Verdict decide(String jobId, long epoch, JobRun running, List<JobRun> liveRuns, ConfirmDeployment request) {
        String subtask = "subtask " + request.executionId() + " of job " + jobId + " on " + request.taskExecutorId();
        if (request.jobMasterEpoch() != epoch) {
            // A predecessor's deployment: nothing of this JobMaster's is touched (execution ids once repeated across
            // epochs; they name the deployment now, but an id match alone must never count).
            return new Verdict(false, false, subtask + " was deployed by JobMaster epoch " + request.jobMasterEpoch()
                    + "; the job's JobMaster now leads with epoch " + epoch);
        }
        if (running != null && !running.isTerminal() && on(running, request).filter(s -> !s.terminal()).isPresent()) {
            return new Verdict(true, false, "");
        }
        boolean ours = liveRuns.stream().anyMatch(r -> on(r, request).filter(s -> !s.terminal()).isPresent());
        return new Verdict(false, ours, subtask + " belongs to a deployment that was superseded or has ended; it must "
                + "not run");
    }

    private static Optional<JobRun.Subtask> on(JobRun run, ConfirmDeployment request) {
        return run.subtasks().stream().filter(s -> s.plan().executionId().equals(request.executionId())
                && s.plan().location().taskExecutorId().equals(request.taskExecutorId())).findFirst();
    }
}
