package io.ebbflow.te;

import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.JobMasterGateway;
import io.ebbflow.core.protocol.JobMasterMessages;
import io.ebbflow.core.protocol.JobMasterMessages.DisconnectTaskExecutor;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.OfferSlots;
import io.ebbflow.core.protocol.JobMasterMessages.ResourceQuota;
import io.ebbflow.core.protocol.JobMasterMessages.SlotsAccepted;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * A JobMaster that acknowledges every one-way message a TaskExecutor sends and records it, in order,
 * with the job it was addressed to. Requests a TaskExecutor never makes fail.
 */
final class TestingJobMasterGateway implements JobMasterGateway {

    /** One message as the JobMaster of {@code jobId} received it. */
    record Received(String jobId, Object message) {
    }

    final List<Received> received = new ArrayList<>();

    /** The messages of one type, in order. */
    <T> List<T> received(Class<T> type) {
        return received.stream().map(Received::message).filter(type::isInstance).map(type::cast).toList();
    }

    private Future<Ack> ack(String jobId, Object message) {
        received.add(new Received(jobId, message));
        return Future.succeededFuture(Ack.INSTANCE);
    }

    private static <T> Future<T> notForTaskExecutors() {
        return Future.failedFuture(new UnsupportedOperationException("a TaskExecutor does not make this request"));
    }

    @Override
    public Future<SlotsAccepted> offerSlots(String jobId, OfferSlots offer) {
        return notForTaskExecutors();
    }

    @Override
    public Future<Ack> disconnectTaskExecutor(String jobId, DisconnectTaskExecutor request) {
        return ack(jobId, request);
    }

    @Override
    public Future<Ack> updateResourceQuota(String jobId, ResourceQuota quota) {
        return notForTaskExecutors();
    }

    @Override
    public Future<JobDetails> jobDetails(String jobId) {
        return notForTaskExecutors();
    }

    @Override
    public Future<Ack> updateTaskState(String jobId, JobMasterMessages.TaskStateUpdate update) {
        return ack(jobId, update);
    }

    @Override
    public Future<Ack> reportTaskMetrics(String jobId, JobMasterMessages.TaskMetricsReport report) {
        return ack(jobId, report);
    }

    @Override
    public Future<Ack> acknowledgeCheckpoint(String jobId, JobMasterMessages.AcknowledgeCheckpoint ack) {
        return ack(jobId, ack);
    }

    @Override
    public Future<Ack> declineCheckpoint(String jobId, JobMasterMessages.DeclineCheckpoint decline) {
        return ack(jobId, decline);
    }

    @Override
    public Future<JobMasterMessages.JobCheckpoints> checkpoints(String jobId) {
        return notForTaskExecutors();
    }

    @Override
    public Future<JobMasterMessages.JobAccumulators> accumulators(String jobId) {
        return notForTaskExecutors();
    }

    @Override
    public Future<JobMasterMessages.SavepointTriggered> triggerSavepoint(String jobId,
            JobMasterMessages.TriggerSavepoint request) {
        return notForTaskExecutors();
    }

    @Override
    public Future<JobMasterMessages.SavepointStatus> savepointStatus(String jobId, String requestId) {
        return notForTaskExecutors();
    }

    @Override
    public Future<Ack> updateRequirements(String jobId, JobMasterMessages.UpdateRequirements request) {
        return notForTaskExecutors();
    }

    @Override
    public Future<JobMasterMessages.JobRescales> rescales(String jobId) {
        return notForTaskExecutors();
    }

    @Override
    public Future<Ack> cancelJob(String jobId) {
        return notForTaskExecutors();
    }
}
