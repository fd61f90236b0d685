package io.ebbflow.core.testing;

import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.JobMasterGateway;
import io.ebbflow.core.protocol.JobMasterMessages.AcknowledgeCheckpoint;
import io.ebbflow.core.protocol.JobMasterMessages.ConfirmDeployment;
import io.ebbflow.core.protocol.JobMasterMessages.DeclineCheckpoint;
import io.ebbflow.core.protocol.JobMasterMessages.DisconnectTaskExecutor;
import io.ebbflow.core.protocol.JobMasterMessages.JobAccumulators;
import io.ebbflow.core.protocol.JobMasterMessages.JobCheckpoints;
import io.ebbflow.core.protocol.JobMasterMessages.JobDetails;
import io.ebbflow.core.protocol.JobMasterMessages.JobRescales;
import io.ebbflow.core.protocol.JobMasterMessages.OfferSlots;
import io.ebbflow.core.protocol.JobMasterMessages.ResourceQuota;
import io.ebbflow.core.protocol.JobMasterMessages.SlotsAccepted;
import io.ebbflow.core.protocol.JobMasterMessages.TaskMetricsReport;
import io.ebbflow.core.protocol.JobMasterMessages.TaskStateUpdate;
import io.ebbflow.core.protocol.JobMasterMessages.UpdateRequirements;
import io.ebbflow.core.protocol.SavepointMessages.SavepointStatus;
import io.ebbflow.core.protocol.SavepointMessages.SavepointTriggered;
import io.ebbflow.core.protocol.SavepointMessages.TriggerSavepoint;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A JobMaster for every job id, with harmless defaults: the one-way messages TaskExecutors send are
 * acknowledged and recorded in order with the job they were addressed to; requests are answered as if no
 * JobMaster were there (no handlers) unless a test sets their answer; what a REST client asks to change
 * (savepoints, requirements, cancel) is also kept in {@link #changes}.
 */
public final class TestingJobMasterGateway implements JobMasterGateway {

    /** One message as the JobMaster of {@code jobId} received it. */
    public record Received(String jobId, Object message) {
    }

    public final List<Received> received = new ArrayList<>();
    public final List<Object> changes = new ArrayList<>();
    public BiFunction<String, OfferSlots, Future<SlotsAccepted>> offerSlots = (id, offer) -> nobodyThere();
    public Function<String, Future<JobDetails>> jobDetails = id -> nobodyThere();
    public Function<String, Future<JobCheckpoints>> checkpoints = id -> nobodyThere();
    public Function<String, Future<JobAccumulators>> accumulators = id -> nobodyThere();
    public Function<String, Future<JobRescales>> rescales = id -> nobodyThere();
    public BiFunction<String, String, Future<SavepointStatus>> savepointStatus = (id, request) -> nobodyThere();
    public Function<String, Future<SavepointTriggered>> triggerSavepoint = id -> nobodyThere();
    public Function<String, Future<Ack>> updateRequirements = id -> nobodyThere();
    public Function<String, Future<Ack>> cancelJob = id -> nobodyThere();
    /** Confirms every deployment unless a test says otherwise. */
    public BiFunction<String, ConfirmDeployment, Future<Ack>> confirmDeployment =
            (id, request) -> Future.succeededFuture(Ack.INSTANCE);

    /** What a request to a service that is not running gets: no handler at its address. */
    public static <T> Future<T> nobodyThere() {
        return Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS, "no handlers"));
    }

    /** The received messages of one type, in order. */
    public <T> List<T> received(Class<T> type) {
        return received.stream().map(Received::message).filter(type::isInstance).map(type::cast).toList();
    }

    private Future<Ack> ack(String jobId, Object message) {
        received.add(new Received(jobId, message));
        return Future.succeededFuture(Ack.INSTANCE);
    }

    @Override
    public Future<SlotsAccepted> offerSlots(String jobId, OfferSlots offer) {
        received.add(new Received(jobId, offer));
        return offerSlots.apply(jobId, offer);
    }

    @Override
    public Future<Ack> disconnectTaskExecutor(String jobId, DisconnectTaskExecutor request) {
        return ack(jobId, request);
    }

    @Override
    public Future<Ack> updateResourceQuota(String jobId, ResourceQuota quota) {
        return ack(jobId, quota);
    }

    @Override
    public Future<Ack> updateTaskState(String jobId, TaskStateUpdate update) {
        return ack(jobId, update);
    }

    @Override
    public Future<Ack> confirmDeployment(String jobId, ConfirmDeployment request) {
        received.add(new Received(jobId, request));
        return confirmDeployment.apply(jobId, request);
    }

    @Override
    public Future<Ack> reportTaskMetrics(String jobId, TaskMetricsReport report) {
        return ack(jobId, report);
    }

    @Override
    public Future<Ack> acknowledgeCheckpoint(String jobId, AcknowledgeCheckpoint ack) {
        return ack(jobId, ack);
    }

    @Override
    public Future<Ack> declineCheckpoint(String jobId, DeclineCheckpoint decline) {
        return ack(jobId, decline);
    }

    @Override
    public Future<JobDetails> jobDetails(String jobId) {
        return jobDetails.apply(jobId);
    }

    @Override
    public Future<JobCheckpoints> checkpoints(String jobId) {
        return checkpoints.apply(jobId);
    }

    @Override
    public Future<JobAccumulators> accumulators(String jobId) {
        return accumulators.apply(jobId);
    }

    @Override
    public Future<JobRescales> rescales(String jobId) {
        return rescales.apply(jobId);
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
}
