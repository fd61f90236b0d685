package io.ebbflow.core.protocol;

import io.ebbflow.core.protocol.TaskExecutorMessages.AllocatedSlotReport;
import io.ebbflow.core.protocol.TaskExecutorMessages.DisconnectJobMaster;
import io.ebbflow.core.protocol.TaskExecutorMessages.FreeSlot;
import io.ebbflow.core.protocol.TaskExecutorMessages.RequestSlot;
import io.ebbflow.core.protocol.TaskExecutorMessages.TaskExecutorJobReport;
import io.ebbflow.core.protocol.TaskExecutorMessages.TaskExecutorStatus;
import io.vertx.core.Future;

/**
 * How the ResourceManager, JobMasters and the web-ui talk to one TaskExecutor, named by its id. Every
 * call completes within {@code rpc.ask-timeout} (see {@link ResourceManagerGateway} for the failures).
 */
public interface TaskExecutorGateway {

    Future<Ack> requestSlot(String taskExecutorId, RequestSlot request);

    Future<TaskExecutorMessages.SlotsRequested> requestSlots(String taskExecutorId, TaskExecutorMessages.RequestSlots request);

    Future<Ack> freeSlot(String taskExecutorId, FreeSlot request);

    Future<TaskExecutorJobReport> heartbeatFromJobMaster(String taskExecutorId, AllocatedSlotReport report);

    Future<Ack> disconnectJobMaster(String taskExecutorId, DisconnectJobMaster request);

    Future<TaskExecutorStatus> status(String taskExecutorId);

    Future<Ack> submitTask(String taskExecutorId, TaskExecutorMessages.SubmitTask request);

    Future<Ack> cancelTask(String taskExecutorId, TaskExecutorMessages.CancelTask request);

    Future<Ack> triggerCheckpoint(String taskExecutorId, TaskExecutorMessages.TriggerCheckpoint request);

    Future<Ack> notifyCheckpointComplete(String taskExecutorId, TaskExecutorMessages.NotifyCheckpointComplete request);

    Future<Ack> leave(String taskExecutorId, TaskExecutorMessages.Leave request);

    /** Splits found while the job runs, for one of its running source subtasks there. */
    Future<Ack> addSplits(String taskExecutorId, TaskExecutorMessages.AddSplits request);

    /** The event-bus implementation. */
    static TaskExecutorGateway overBus(BusClient bus) {
        return new TaskExecutorGateway() {
            @Override
            public Future<Ack> requestSlot(String taskExecutorId, RequestSlot request) {
                return bus.request(Endpoints.TE_REQUEST_SLOT.of(taskExecutorId), request);
            }

            @Override
            public Future<TaskExecutorMessages.SlotsRequested> requestSlots(String taskExecutorId,
                    TaskExecutorMessages.RequestSlots request) {
                return bus.request(Endpoints.TE_REQUEST_SLOTS.of(taskExecutorId), request);
            }

            @Override
            public Future<Ack> freeSlot(String taskExecutorId, FreeSlot request) {
                return bus.request(Endpoints.TE_FREE_SLOT.of(taskExecutorId), request);
            }

            @Override
            public Future<TaskExecutorJobReport> heartbeatFromJobMaster(String taskExecutorId, AllocatedSlotReport report) {
                return bus.request(Endpoints.TE_JOB_MASTER_HEARTBEAT.of(taskExecutorId), report);
            }

            @Override
            public Future<Ack> disconnectJobMaster(String taskExecutorId, DisconnectJobMaster request) {
                return bus.request(Endpoints.TE_DISCONNECT_JOB_MASTER.of(taskExecutorId), request);
            }

            @Override
            public Future<Ack> submitTask(String taskExecutorId, TaskExecutorMessages.SubmitTask request) {
                return bus.request(Endpoints.TE_SUBMIT_TASK.of(taskExecutorId), request);
            }

            @Override
            public Future<Ack> cancelTask(String taskExecutorId, TaskExecutorMessages.CancelTask request) {
                return bus.request(Endpoints.TE_CANCEL_TASK.of(taskExecutorId), request);
            }

            @Override
            public Future<Ack> triggerCheckpoint(String taskExecutorId, TaskExecutorMessages.TriggerCheckpoint request) {
                return bus.request(Endpoints.TE_TRIGGER_CHECKPOINT.of(taskExecutorId), request);
            }

            @Override
            public Future<Ack> notifyCheckpointComplete(String taskExecutorId,
                    TaskExecutorMessages.NotifyCheckpointComplete request) {
                return bus.request(Endpoints.TE_NOTIFY_CHECKPOINT_COMPLETE.of(taskExecutorId), request);
            }

            @Override
            public Future<Ack> leave(String taskExecutorId, TaskExecutorMessages.Leave request) {
                return bus.request(Endpoints.TE_LEAVE.of(taskExecutorId), request);
            }

            @Override
            public Future<Ack> addSplits(String taskExecutorId, TaskExecutorMessages.AddSplits request) {
                return bus.request(Endpoints.TE_ADD_SPLITS.of(taskExecutorId), request);
            }

            @Override
            public Future<TaskExecutorStatus> status(String taskExecutorId) {
                return bus.request(Endpoints.TE_STATUS.of(taskExecutorId), new TaskExecutorMessages.TaskExecutorStatusRequest());
            }
        };
    }
}
