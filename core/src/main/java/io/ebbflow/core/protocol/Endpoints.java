package io.ebbflow.core.protocol;

import io.ebbflow.core.protocol.JobMasterMessages.DisconnectTaskExecutor;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetailsRequest;
import io.ebbflow.core.protocol.JobMasterMessages.OfferSlots;
import io.ebbflow.core.protocol.JobMasterMessages.ResourceQuota;
import io.ebbflow.core.protocol.JobMasterMessages.SlotsAccepted;
import io.ebbflow.core.protocol.ResourceManagerMessages.ClusterOverview;
import io.ebbflow.core.protocol.ResourceManagerMessages.ClusterOverviewRequest;
import io.ebbflow.core.protocol.ResourceManagerMessages.DeregisterJobMaster;
import io.ebbflow.core.protocol.ResourceManagerMessages.DeregisterTaskExecutor;
import io.ebbflow.core.protocol.ResourceManagerMessages.HeartbeatAck;
import io.ebbflow.core.protocol.ResourceManagerMessages.JobMasterHeartbeat;
import io.ebbflow.core.protocol.ResourceManagerMessages.JobMasterRegistered;
import io.ebbflow.core.protocol.ResourceManagerMessages.JobResourceStatus;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterJobMaster;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterTaskExecutor;
import io.ebbflow.core.protocol.ResourceManagerMessages.SlotAvailable;
import io.ebbflow.core.protocol.ResourceManagerMessages.TaskExecutorHeartbeat;
import io.ebbflow.core.protocol.ResourceManagerMessages.TaskExecutorRegistered;
import io.ebbflow.core.protocol.TaskExecutorMessages.AllocatedSlotReport;
import io.ebbflow.core.protocol.TaskExecutorMessages.DisconnectJobMaster;
import io.ebbflow.core.protocol.TaskExecutorMessages.FreeSlot;
import io.ebbflow.core.protocol.TaskExecutorMessages.RequestSlot;
import io.ebbflow.core.protocol.TaskExecutorMessages.TaskExecutorJobReport;
import io.ebbflow.core.protocol.TaskExecutorMessages.TaskExecutorStatus;
import io.ebbflow.core.protocol.TaskExecutorMessages.TaskExecutorStatusRequest;
import java.util.List;

/**
 * The control-plane protocol as typed endpoints. Who sends what:
 *
 * <pre>
 *  TaskExecutor ──register / heartbeat(slot report) / deregister / slot-available──► ResourceManager
 *  JobMaster    ──register / heartbeat(declaration) / deregister──────────────────► ResourceManager
 *  ResourceManager ──request-slot──► TaskExecutor ──offer-slots──► JobMaster
 *  ResourceManager ──resource-quota──► JobMaster          (fair division changed)
 *  JobMaster    ──heartbeat(allocated slot report) / free-slot / disconnect──► TaskExecutor
 *  JobMaster    ──submit / cancel / checkpoints / add-splits (splits discovered while running)──► TaskExecutor
 *  TaskExecutor ──disconnect-task-executor──► JobMaster     (leaving cleanly)
 *  web-ui       ──cluster-overview, job-details, status──► (read-only queries)
 * </pre>
 */
public final class Endpoints {

    private Endpoints() {
    }

    // ---- ResourceManager ----
    public static final Endpoint<RegisterTaskExecutor, TaskExecutorRegistered> RM_REGISTER_TASK_EXECUTOR =
            new Endpoint<>(Addresses.RM_REGISTER_TASK_EXECUTOR, RegisterTaskExecutor.class, TaskExecutorRegistered.class);
    public static final Endpoint<TaskExecutorHeartbeat, HeartbeatAck> RM_TASK_EXECUTOR_HEARTBEAT =
            new Endpoint<>(Addresses.RM_TASK_EXECUTOR_HEARTBEAT, TaskExecutorHeartbeat.class, HeartbeatAck.class);
    public static final Endpoint<DeregisterTaskExecutor, Ack> RM_DEREGISTER_TASK_EXECUTOR =
            new Endpoint<>(Addresses.RM_DEREGISTER_TASK_EXECUTOR, DeregisterTaskExecutor.class, Ack.class);
    public static final Endpoint<SlotAvailable, Ack> RM_SLOT_AVAILABLE =
            new Endpoint<>(Addresses.RM_SLOT_AVAILABLE, SlotAvailable.class, Ack.class);
    public static final Endpoint<RegisterJobMaster, JobMasterRegistered> RM_REGISTER_JOB_MASTER =
            new Endpoint<>(Addresses.RM_REGISTER_JOB_MASTER, RegisterJobMaster.class, JobMasterRegistered.class);
    public static final Endpoint<JobMasterHeartbeat, JobResourceStatus> RM_JOB_MASTER_HEARTBEAT =
            new Endpoint<>(Addresses.RM_JOB_MASTER_HEARTBEAT, JobMasterHeartbeat.class, JobResourceStatus.class);
    public static final Endpoint<DeregisterJobMaster, Ack> RM_DEREGISTER_JOB_MASTER =
            new Endpoint<>(Addresses.RM_DEREGISTER_JOB_MASTER, DeregisterJobMaster.class, Ack.class);
    /**
     * Whether the endpoint at {@code address} only reads (a copy of a request does no harm): the cluster overview,
     * a JobMaster's details, checkpoints, accumulators, rescales and savepoint status, a TaskExecutor's status.
     */
    public static boolean isQuery(String address) {
        if (address.equals(Addresses.RM_CLUSTER_OVERVIEW)) {
            return true;
        }
        for (String suffix : java.util.List.of(Addresses.JM_JOB_DETAILS, Addresses.JM_CHECKPOINTS, Addresses.JM_ACCUMULATORS,
                Addresses.JM_RESCALES, Addresses.JM_SAVEPOINT_STATUS, Addresses.TE_STATUS)) {
            if (address.endsWith("." + suffix)) {
                return true;
            }
        }
        return false;
    }

    public static final Endpoint<ClusterOverviewRequest, ClusterOverview> RM_CLUSTER_OVERVIEW =
            new Endpoint<>(Addresses.RM_CLUSTER_OVERVIEW, ClusterOverviewRequest.class, ClusterOverview.class);

    // ---- TaskExecutor ----
    public static final Endpoint.PerInstance<RequestSlot, Ack> TE_REQUEST_SLOT =
            Endpoint.perInstance(id -> Addresses.taskExecutor(id, Addresses.TE_REQUEST_SLOT), RequestSlot.class, Ack.class);
    public static final Endpoint.PerInstance<TaskExecutorMessages.RequestSlots, TaskExecutorMessages.SlotsRequested>
            TE_REQUEST_SLOTS = Endpoint.perInstance(id -> Addresses.taskExecutor(id, Addresses.TE_REQUEST_SLOTS),
                    TaskExecutorMessages.RequestSlots.class, TaskExecutorMessages.SlotsRequested.class);
    public static final Endpoint.PerInstance<FreeSlot, Ack> TE_FREE_SLOT =
            Endpoint.perInstance(id -> Addresses.taskExecutor(id, Addresses.TE_FREE_SLOT), FreeSlot.class, Ack.class);
    public static final Endpoint.PerInstance<AllocatedSlotReport, TaskExecutorJobReport> TE_JOB_MASTER_HEARTBEAT =
            Endpoint.perInstance(id -> Addresses.taskExecutor(id, Addresses.TE_JOB_MASTER_HEARTBEAT),
                    AllocatedSlotReport.class, TaskExecutorJobReport.class);
    public static final Endpoint.PerInstance<DisconnectJobMaster, Ack> TE_DISCONNECT_JOB_MASTER =
            Endpoint.perInstance(id -> Addresses.taskExecutor(id, Addresses.TE_DISCONNECT_JOB_MASTER),
                    DisconnectJobMaster.class, Ack.class);
    public static final Endpoint.PerInstance<TaskExecutorStatusRequest, TaskExecutorStatus> TE_STATUS =
            Endpoint.perInstance(id -> Addresses.taskExecutor(id, Addresses.TE_STATUS),
                    TaskExecutorStatusRequest.class, TaskExecutorStatus.class);

    public static final Endpoint.PerInstance<TaskExecutorMessages.SubmitTask, Ack> TE_SUBMIT_TASK =
            Endpoint.perInstance(id -> Addresses.taskExecutor(id, Addresses.TE_SUBMIT_TASK),
                    TaskExecutorMessages.SubmitTask.class, Ack.class);
    public static final Endpoint.PerInstance<TaskExecutorMessages.CancelTask, Ack> TE_CANCEL_TASK =
            Endpoint.perInstance(id -> Addresses.taskExecutor(id, Addresses.TE_CANCEL_TASK),
                    TaskExecutorMessages.CancelTask.class, Ack.class);

    public static final Endpoint.PerInstance<TaskExecutorMessages.TriggerCheckpoint, Ack> TE_TRIGGER_CHECKPOINT =
            Endpoint.perInstance(id -> Addresses.taskExecutor(id, Addresses.TE_TRIGGER_CHECKPOINT),
                    TaskExecutorMessages.TriggerCheckpoint.class, Ack.class);
    public static final Endpoint.PerInstance<TaskExecutorMessages.NotifyCheckpointComplete, Ack> TE_NOTIFY_CHECKPOINT_COMPLETE =
            Endpoint.perInstance(id -> Addresses.taskExecutor(id, Addresses.TE_NOTIFY_CHECKPOINT_COMPLETE),
                    TaskExecutorMessages.NotifyCheckpointComplete.class, Ack.class);

    public static final Endpoint.PerInstance<TaskExecutorMessages.AddSplits, Ack> TE_ADD_SPLITS =
            Endpoint.perInstance(id -> Addresses.taskExecutor(id, Addresses.TE_ADD_SPLITS),
                    TaskExecutorMessages.AddSplits.class, Ack.class);

    public static final Endpoint.PerInstance<TaskExecutorMessages.Leave, Ack> TE_LEAVE =
            Endpoint.perInstance(id -> Addresses.taskExecutor(id, Addresses.TE_LEAVE), TaskExecutorMessages.Leave.class,
                    Ack.class);

    // ---- JobMaster ----
    public static final Endpoint.PerInstance<OfferSlots, SlotsAccepted> JM_OFFER_SLOTS =
            Endpoint.perInstance(id -> Addresses.jobMaster(id, Addresses.JM_OFFER_SLOTS), OfferSlots.class, SlotsAccepted.class);
    public static final Endpoint.PerInstance<DisconnectTaskExecutor, Ack> JM_DISCONNECT_TASK_EXECUTOR =
            Endpoint.perInstance(id -> Addresses.jobMaster(id, Addresses.JM_DISCONNECT_TASK_EXECUTOR),
                    DisconnectTaskExecutor.class, Ack.class);
    public static final Endpoint.PerInstance<ResourceQuota, Ack> JM_RESOURCE_QUOTA =
            Endpoint.perInstance(id -> Addresses.jobMaster(id, Addresses.JM_RESOURCE_QUOTA), ResourceQuota.class, Ack.class);
    public static final Endpoint.PerInstance<JobDetailsRequest, JobDetails> JM_JOB_DETAILS =
            Endpoint.perInstance(id -> Addresses.jobMaster(id, Addresses.JM_JOB_DETAILS), JobDetailsRequest.class, JobDetails.class);

    public static final Endpoint.PerInstance<JobMasterMessages.TaskStateUpdate, Ack> JM_TASK_STATE =
            Endpoint.perInstance(id -> Addresses.jobMaster(id, Addresses.JM_TASK_STATE),
                    JobMasterMessages.TaskStateUpdate.class, Ack.class);
    public static final Endpoint.PerInstance<JobMasterMessages.ConfirmDeployment, Ack> JM_CONFIRM_DEPLOYMENT =
            Endpoint.perInstance(id -> Addresses.jobMaster(id, Addresses.JM_CONFIRM_DEPLOYMENT),
                    JobMasterMessages.ConfirmDeployment.class, Ack.class);
    public static final Endpoint.PerInstance<JobMasterMessages.TaskMetricsReport, Ack> JM_TASK_METRICS =
            Endpoint.perInstance(id -> Addresses.jobMaster(id, Addresses.JM_TASK_METRICS),
                    JobMasterMessages.TaskMetricsReport.class, Ack.class);

    public static final Endpoint.PerInstance<JobMasterMessages.AcknowledgeCheckpoint, Ack> JM_ACKNOWLEDGE_CHECKPOINT =
            Endpoint.perInstance(id -> Addresses.jobMaster(id, Addresses.JM_ACKNOWLEDGE_CHECKPOINT),
                    JobMasterMessages.AcknowledgeCheckpoint.class, Ack.class);
    public static final Endpoint.PerInstance<JobMasterMessages.DeclineCheckpoint, Ack> JM_DECLINE_CHECKPOINT =
            Endpoint.perInstance(id -> Addresses.jobMaster(id, Addresses.JM_DECLINE_CHECKPOINT),
                    JobMasterMessages.DeclineCheckpoint.class, Ack.class);
    public static final Endpoint.PerInstance<JobMasterMessages.CheckpointStatsRequest, JobMasterMessages.JobCheckpoints>
            JM_CHECKPOINTS = Endpoint.perInstance(id -> Addresses.jobMaster(id, Addresses.JM_CHECKPOINTS),
                    JobMasterMessages.CheckpointStatsRequest.class, JobMasterMessages.JobCheckpoints.class);
    public static final Endpoint.PerInstance<JobMasterMessages.AccumulatorsRequest, JobMasterMessages.JobAccumulators>
            JM_ACCUMULATORS = Endpoint.perInstance(id -> Addresses.jobMaster(id, Addresses.JM_ACCUMULATORS),
                    JobMasterMessages.AccumulatorsRequest.class, JobMasterMessages.JobAccumulators.class);
    public static final Endpoint.PerInstance<SavepointMessages.TriggerSavepoint, SavepointMessages.SavepointTriggered>
            JM_TRIGGER_SAVEPOINT = Endpoint.perInstance(id -> Addresses.jobMaster(id, Addresses.JM_TRIGGER_SAVEPOINT),
                    SavepointMessages.TriggerSavepoint.class, SavepointMessages.SavepointTriggered.class);
    public static final Endpoint.PerInstance<SavepointMessages.SavepointStatusRequest, SavepointMessages.SavepointStatus>
            JM_SAVEPOINT_STATUS = Endpoint.perInstance(id -> Addresses.jobMaster(id, Addresses.JM_SAVEPOINT_STATUS),
                    SavepointMessages.SavepointStatusRequest.class, SavepointMessages.SavepointStatus.class);

    public static final Endpoint.PerInstance<JobMasterMessages.UpdateRequirements, Ack> JM_UPDATE_REQUIREMENTS =
            Endpoint.perInstance(id -> Addresses.jobMaster(id, Addresses.JM_UPDATE_REQUIREMENTS),
                    JobMasterMessages.UpdateRequirements.class, Ack.class);
    public static final Endpoint.PerInstance<JobMasterMessages.RescalesRequest, JobMasterMessages.JobRescales> JM_RESCALES =
            Endpoint.perInstance(id -> Addresses.jobMaster(id, Addresses.JM_RESCALES),
                    JobMasterMessages.RescalesRequest.class, JobMasterMessages.JobRescales.class);

    public static final Endpoint.PerInstance<JobMasterMessages.CancelJob, Ack> JM_CANCEL_JOB =
            Endpoint.perInstance(id -> Addresses.jobMaster(id, Addresses.JM_CANCEL_JOB), JobMasterMessages.CancelJob.class,
                    Ack.class);

    /** Every message type that travels on the bus, for codec registration. */
    public static final List<Class<? extends ProtocolMessage>> MESSAGE_TYPES = List.of(
            Ack.class,
            RegisterTaskExecutor.class, TaskExecutorRegistered.class, TaskExecutorHeartbeat.class, HeartbeatAck.class,
            DeregisterTaskExecutor.class, SlotAvailable.class, RegisterJobMaster.class, JobMasterRegistered.class,
            JobMasterHeartbeat.class, JobResourceStatus.class, DeregisterJobMaster.class, ClusterOverviewRequest.class,
            ClusterOverview.class, ResourceManagerMessages.ResourceManagerStarted.class,
            ResourceManagerMessages.ResourceManagerStandby.class,
            RequestSlot.class, TaskExecutorMessages.RequestSlots.class, TaskExecutorMessages.SlotsRequested.class,
            FreeSlot.class, AllocatedSlotReport.class, TaskExecutorJobReport.class,
            DisconnectJobMaster.class, TaskExecutorStatusRequest.class, TaskExecutorStatus.class,
            OfferSlots.class, SlotsAccepted.class, DisconnectTaskExecutor.class, ResourceQuota.class,
            JobDetailsRequest.class, JobDetails.class, TaskExecutorMessages.SubmitTask.class,
            TaskExecutorMessages.CancelTask.class, JobMasterMessages.TaskStateUpdate.class,
            JobMasterMessages.ConfirmDeployment.class,
            JobMasterMessages.TaskMetricsReport.class, TaskExecutorMessages.TriggerCheckpoint.class,
            TaskExecutorMessages.NotifyCheckpointComplete.class, JobMasterMessages.AcknowledgeCheckpoint.class,
            JobMasterMessages.DeclineCheckpoint.class, JobMasterMessages.CheckpointStatsRequest.class,
            JobMasterMessages.JobCheckpoints.class, JobMasterMessages.AccumulatorsRequest.class,
            JobMasterMessages.JobAccumulators.class, SavepointMessages.TriggerSavepoint.class,
            SavepointMessages.SavepointTriggered.class, SavepointMessages.SavepointStatusRequest.class,
            SavepointMessages.SavepointStatus.class, JobMasterMessages.UpdateRequirements.class,
            JobMasterMessages.RescalesRequest.class, JobMasterMessages.JobRescales.class,
            JobMasterMessages.CancelJob.class, TaskExecutorMessages.Leave.class, TaskExecutorMessages.AddSplits.class);
}
