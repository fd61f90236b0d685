package io.ebbflow.web;

import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.ResourceManagerGateway;
import io.ebbflow.core.protocol.ResourceManagerMessages;
import io.ebbflow.core.protocol.ResourceManagerMessages.ClusterOverview;
import io.ebbflow.core.protocol.TaskExecutorGateway;
import io.ebbflow.core.protocol.TaskExecutorMessages;
import io.ebbflow.core.testing.TestingJobMasterGateway;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * Gateways whose answers a test sets (the JobMasters' is core's {@link TestingJobMasterGateway}). By default
 * nobody is there (no handlers), as when the service is not
 * running; calls the web-ui never makes fail.
 */
final class TestingGateways {

    private TestingGateways() {
    }

    static <T> Future<T> nobodyThere() {
        return TestingJobMasterGateway.nobodyThere();
    }

    private static <T> Future<T> notUsed() {
        return Future.failedFuture(new UnsupportedOperationException("the web-ui does not make this call"));
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
        public Future<TaskExecutorMessages.SlotsRequested> requestSlots(String taskExecutorId,
                TaskExecutorMessages.RequestSlots request) {
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

        @Override
        public Future<Ack> addSplits(String taskExecutorId, TaskExecutorMessages.AddSplits request) {
            return notUsed();
        }
    }
}
