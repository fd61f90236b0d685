package io.ebbflow.web;

import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.JobMasterGateway;
import io.ebbflow.core.protocol.JobMasterMessages;
import io.ebbflow.core.protocol.JobMasterMessages.JobCheckpoints;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.SavepointStatus;
import io.ebbflow.core.protocol.JobMasterMessages.SavepointTriggered;
import io.ebbflow.core.protocol.JobMasterMessages.TriggerSavepoint;
import io.ebbflow.core.protocol.JobMasterMessages.UpdateRequirements;
import io.ebbflow.core.protocol.ResourceManagerGateway;
import io.ebbflow.core.protocol.ResourceManagerMessages;
import io.ebbflow.core.protocol.ResourceManagerMessages.ClusterOverview;
import io.ebbflow.core.protocol.TaskExecutorGateway;
import io.ebbflow.core.protocol.TaskExecutorMessages;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Gateways whose answers a test sets. By default nobody is there (no handlers), as when the service is not
 * running; calls the web-ui never makes fail.
 */
final class TestingGateways {

    private TestingGateways() {
    }

    static <T> Future<T> nobodyThere() {
        return Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS, "no handlers"));
    }

    private static <T> Future<T> notUsed() {
        return Future.failedFuture(new UnsupportedOperationException("the web-ui does not make this call"));
    }

    /** A JobMaster for every job id; records what it was asked to change. */
    static final class JobMasters implements JobMasterGateway {

        Function<String, Future<JobDetails>> jobDetails = id -> nobodyThere();
        Function<String, Future<JobCheckpoints>> checkpoints = id -> nobodyThere();
        BiFunction<String, String, Future<SavepointStatus>> savepointStatus = (id, request) -> nobodyThere();
        Function<String, Future<SavepointTriggered>> triggerSavepoint = id -> nobodyThere();
        Function<String, Future<Ack>> updateRequirements = id -> nobodyThere();
        Function<String, Future<Ack>> cancelJob = id -> nobodyThere();
        final List<Object> changes = new ArrayList<>();

        @Override
        public Future<JobDetails> jobDetails(String jobId) {
            return jobDetails.apply(jobId);
        }

        @Override
        public Future<JobCheckpoints> checkpoints(String jobId) {
            return checkpoints.apply(jobId);
        }

        @Override
        public Future<SavepointStatus> savepointStatus(String jobId, String requestId) {
            return savepointStatus.apply(jobId, requestId);
        }

        @Override
        public Future<SavepointTriggered> triggerSavepoint(String jobId, TriggerSavepoint request) {
            changes.add(request);
            return triggerSavepoint.apply(jobId);
        }

        @Override
        public Future<Ack> updateRequirements(String jobId, UpdateRequirements request) {
            changes.add(request);
            return updateRequirements.apply(jobId);
        }

        @Override
        public Future<Ack> cancelJob(String jobId) {
            changes.add("cancel " + jobId);
            return cancelJob.apply(jobId);
        }

        @Override
        public Future<JobMasterMessages.JobAccumulators> accumulators(String jobId) {
            return nobodyThere();
        }

        @Override
        public Future<JobMasterMessages.JobRescales> rescales(String jobId) {
            return nobodyThere();
        }

        @Override
        public Future<JobMasterMessages.SlotsAccepted> offerSlots(String jobId, JobMasterMessages.OfferSlots offer) {
            return notUsed();
        }

        @Override
        public Future<Ack> disconnectTaskExecutor(String jobId, JobMasterMessages.DisconnectTaskExecutor request) {
            return notUsed();
        }

        @Override
        public Future<Ack> updateResourceQuota(String jobId, JobMasterMessages.ResourceQuota quota) {
            return notUsed();
        }

        @Override
        public Future<Ack> updateTaskState(String jobId, JobMasterMessages.TaskStateUpdate update) {
            return notUsed();
        }

        @Override
        public Future<Ack> reportTaskMetrics(String jobId, JobMasterMessages.TaskMetricsReport report) {
            return notUsed();
        }

        @Override
        public Future<Ack> acknowledgeCheckpoint(String jobId, JobMasterMessages.AcknowledgeCheckpoint ack) {
            return notUsed();
        }

        @Override
        public Future<Ack> declineCheckpoint(String jobId, JobMasterMessages.DeclineCheckpoint decline) {
            return notUsed();
        }
    }

    /** A ResourceManager that answers the cluster overview it is given. */
    static final class ResourceManager implements ResourceManagerGateway {

        Future<ClusterOverview> overview = nobodyThere();

        @Override
        public Future<ClusterOverview> clusterOverview() {
            return overview;
        }

        @Override
        public Future<ResourceManagerMessages.TaskExecutorRegistered> registerTaskExecutor(
                ResourceManagerMessages.RegisterTaskExecutor registration) {
            return notUsed();
        }

        @Override
        public Future<ResourceManagerMessages.HeartbeatAck> heartbeatFromTaskExecutor(
                ResourceManagerMessages.TaskExecutorHeartbeat heartbeat) {
            return notUsed();
        }

        @Override
        public Future<Ack> deregisterTaskExecutor(ResourceManagerMessages.DeregisterTaskExecutor request) {
            return notUsed();
        }

        @Override
        public Future<Ack> notifySlotAvailable(ResourceManagerMessages.SlotAvailable notification) {
            return notUsed();
        }

        @Override
        public Future<ResourceManagerMessages.JobMasterRegistered> registerJobMaster(
                ResourceManagerMessages.RegisterJobMaster registration) {
            return notUsed();
        }

        @Override
        public Future<ResourceManagerMessages.JobResourceStatus> heartbeatFromJobMaster(
                ResourceManagerMessages.JobMasterHeartbeat heartbeat) {
            return notUsed();
        }

        @Override
        public Future<Ack> deregisterJobMaster(ResourceManagerMessages.DeregisterJobMaster request) {
            return notUsed();
        }
    }

    /** TaskExecutors that are not there unless a test says otherwise. */
    static final class TaskExecutors implements TaskExecutorGateway {

        Function<String, Future<Ack>> leave = id -> nobodyThere();

        @Override
        public Future<Ack> leave(String taskExecutorId, TaskExecutorMessages.Leave request) {
            return leave.apply(taskExecutorId);
        }

        @Override
        public Future<Ack> requestSlot(String taskExecutorId, TaskExecutorMessages.RequestSlot request) {
            return notUsed();
        }

        @Override
        public Future<Ack> freeSlot(String taskExecutorId, TaskExecutorMessages.FreeSlot request) {
            return notUsed();
        }

        @Override
        public Future<TaskExecutorMessages.TaskExecutorJobReport> heartbeatFromJobMaster(String taskExecutorId,
                TaskExecutorMessages.AllocatedSlotReport report) {
            return notUsed();
        }

        @Override
        public Future<Ack> disconnectJobMaster(String taskExecutorId, TaskExecutorMessages.DisconnectJobMaster request) {
            return notUsed();
        }

        @Override
        public Future<TaskExecutorMessages.TaskExecutorStatus> status(String taskExecutorId) {
            return notUsed();
        }

        @Override
        public Future<Ack> submitTask(String taskExecutorId, TaskExecutorMessages.SubmitTask request) {
            return notUsed();
        }

        @Override
        public Future<Ack> cancelTask(String taskExecutorId, TaskExecutorMessages.CancelTask request) {
            return notUsed();
        }

        @Override
        public Future<Ack> triggerCheckpoint(String taskExecutorId, TaskExecutorMessages.TriggerCheckpoint request) {
            return notUsed();
        }

        @Override
        public Future<Ack> notifyCheckpointComplete(String taskExecutorId,
                TaskExecutorMessages.NotifyCheckpointComplete request) {
            return notUsed();
        }
    }
}
