package io.ebbflow.core.protocol;

import io.ebbflow.core.protocol.JobMasterMessages.DisconnectTaskExecutor;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.OfferSlots;
import io.ebbflow.core.protocol.JobMasterMessages.ResourceQuota;
import io.ebbflow.core.protocol.JobMasterMessages.SlotsAccepted;
import io.vertx.core.Future;

/**
 * How TaskExecutors, the ResourceManager and the web-ui talk to one job's JobMaster, named by the job
 * id. Every call completes within {@code rpc.ask-timeout} (see {@link ResourceManagerGateway}).
 */
public interface JobMasterGateway {

    Future<SlotsAccepted> offerSlots(String jobId, OfferSlots offer);

    Future<Ack> disconnectTaskExecutor(String jobId, DisconnectTaskExecutor request);

    Future<Ack> updateResourceQuota(String jobId, ResourceQuota quota);

    Future<JobDetails> jobDetails(String jobId);

    Future<Ack> updateTaskState(String jobId, JobMasterMessages.TaskStateUpdate update);

    Future<Ack> reportTaskMetrics(String jobId, JobMasterMessages.TaskMetricsReport report);

    /** Fails (a conflict) when the JobMaster no longer wants the deployed subtask. */
    Future<Ack> confirmDeployment(String jobId, JobMasterMessages.ConfirmDeployment request);

    Future<Ack> acknowledgeCheckpoint(String jobId, JobMasterMessages.AcknowledgeCheckpoint ack);

    Future<Ack> declineCheckpoint(String jobId, JobMasterMessages.DeclineCheckpoint decline);

    Future<JobMasterMessages.JobCheckpoints> checkpoints(String jobId);

    Future<JobMasterMessages.JobAccumulators> accumulators(String jobId);

    Future<SavepointMessages.SavepointTriggered> triggerSavepoint(String jobId, SavepointMessages.TriggerSavepoint request);

    Future<SavepointMessages.SavepointStatus> savepointStatus(String jobId, String requestId);

    Future<Ack> updateRequirements(String jobId, JobMasterMessages.UpdateRequirements request);

    Future<JobMasterMessages.JobRescales> rescales(String jobId);

    Future<Ack> cancelJob(String jobId);

    /** The event-bus implementation. */
    static JobMasterGateway overBus(BusClient bus) {
        return new JobMasterGateway() {
            @Override
            public Future<SlotsAccepted> offerSlots(String jobId, OfferSlots offer) {
                return bus.request(Endpoints.JM_OFFER_SLOTS.of(jobId), offer);
            }

            @Override
            public Future<Ack> disconnectTaskExecutor(String jobId, DisconnectTaskExecutor request) {
                return bus.request(Endpoints.JM_DISCONNECT_TASK_EXECUTOR.of(jobId), request);
            }

            @Override
            public Future<Ack> updateResourceQuota(String jobId, ResourceQuota quota) {
                return bus.request(Endpoints.JM_RESOURCE_QUOTA.of(jobId), quota);
            }

            @Override
            public Future<Ack> updateTaskState(String jobId, JobMasterMessages.TaskStateUpdate update) {
                return bus.request(Endpoints.JM_TASK_STATE.of(jobId), update);
            }

            @Override
            public Future<Ack> confirmDeployment(String jobId, JobMasterMessages.ConfirmDeployment request) {
                return bus.request(Endpoints.JM_CONFIRM_DEPLOYMENT.of(jobId), request);
            }

            @Override
            public Future<Ack> reportTaskMetrics(String jobId, JobMasterMessages.TaskMetricsReport report) {
                return bus.request(Endpoints.JM_TASK_METRICS.of(jobId), report);
            }

            @Override
            public Future<Ack> acknowledgeCheckpoint(String jobId, JobMasterMessages.AcknowledgeCheckpoint ack) {
                return bus.request(Endpoints.JM_ACKNOWLEDGE_CHECKPOINT.of(jobId), ack);
            }

            @Override
            public Future<Ack> declineCheckpoint(String jobId, JobMasterMessages.DeclineCheckpoint decline) {
                return bus.request(Endpoints.JM_DECLINE_CHECKPOINT.of(jobId), decline);
            }

            @Override
            public Future<JobMasterMessages.JobCheckpoints> checkpoints(String jobId) {
                return bus.request(Endpoints.JM_CHECKPOINTS.of(jobId), new JobMasterMessages.CheckpointStatsRequest());
            }

            @Override
            public Future<JobMasterMessages.JobAccumulators> accumulators(String jobId) {
                return bus.request(Endpoints.JM_ACCUMULATORS.of(jobId), new JobMasterMessages.AccumulatorsRequest());
            }

            @Override
            public Future<SavepointMessages.SavepointTriggered> triggerSavepoint(String jobId,
                    SavepointMessages.TriggerSavepoint request) {
                return bus.request(Endpoints.JM_TRIGGER_SAVEPOINT.of(jobId), request);
            }

            @Override
            public Future<SavepointMessages.SavepointStatus> savepointStatus(String jobId, String requestId) {
                return bus.request(Endpoints.JM_SAVEPOINT_STATUS.of(jobId), new SavepointMessages.SavepointStatusRequest(requestId));
            }

            @Override
            public Future<Ack> updateRequirements(String jobId, JobMasterMessages.UpdateRequirements request) {
                return bus.request(Endpoints.JM_UPDATE_REQUIREMENTS.of(jobId), request);
            }

            @Override
            public Future<JobMasterMessages.JobRescales> rescales(String jobId) {
                return bus.request(Endpoints.JM_RESCALES.of(jobId), new JobMasterMessages.RescalesRequest());
            }

            @Override
            public Future<Ack> cancelJob(String jobId) {
                return bus.request(Endpoints.JM_CANCEL_JOB.of(jobId), new JobMasterMessages.CancelJob());
            }

            @Override
            public Future<JobDetails> jobDetails(String jobId) {
                return bus.request(Endpoints.JM_JOB_DETAILS.of(jobId), new JobMasterMessages.JobDetailsRequest());
            }
        };
    }
}
