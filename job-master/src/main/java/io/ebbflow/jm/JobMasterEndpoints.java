package io.ebbflow.jm;

import io.ebbflow.core.protocol.Addresses;
import io.ebbflow.core.protocol.Endpoints;
import io.ebbflow.core.protocol.Inbox;
import io.ebbflow.core.protocol.JobMasterMessages.JobAccumulators;
import io.ebbflow.core.protocol.ResourceManagerMessages.ResourceManagerStarted;
import io.ebbflow.core.security.JobSecret;
import io.ebbflow.jm.job.RunnableJob;
import io.ebbflow.jm.rest.JobViews;
import io.ebbflow.jm.slots.ResourceManagerLink;

/** The leading JobMaster's control addresses: what each message of the job's protocol is handed to. */
final class JobMasterEndpoints {

    private JobMasterEndpoints() {
    }

    /**
     * Binds every address of job {@code jobId} on {@code inbox}.
     *
     * @param runnable the job's jar and checksum, or null for a job description without user code
     * @param jarUrl where the blob server serves the jar (null without user code)
     */
    static void bind(Inbox inbox, String jobId, JobMaster jm, ResourceManagerLink resourceManager, RunnableJob runnable,
            String jarUrl, JobSecret jobSecret) {
        JobViews views = jm.views();
        // The reply says where the job jar is: a TaskExecutor fetches it while the job is still being planned.
        inbox.bindSync(Endpoints.JM_OFFER_SLOTS.of(jobId), offer -> jm.slots().offerSlots(offer)
                .withJobJar(runnable == null ? null : jarUrl, runnable == null ? null : runnable.sha256(),
                        jobSecret.encoded()));
        inbox.bindSync(Endpoints.JM_DISCONNECT_TASK_EXECUTOR.of(jobId), jm::disconnectTaskExecutor);
        inbox.bindSync(Endpoints.JM_RESOURCE_QUOTA.of(jobId), resourceManager::resourceQuota);
        inbox.bindSync(Endpoints.JM_JOB_DETAILS.of(jobId), r -> views.details());
        inbox.bindSync(Endpoints.JM_TASK_STATE.of(jobId), jm.executions()::taskState);
        inbox.bindSync(Endpoints.JM_CONFIRM_DEPLOYMENT.of(jobId), jm.executions()::confirmDeployment);
        inbox.bindSync(Endpoints.JM_TASK_METRICS.of(jobId), jm::taskMetrics);
        inbox.bindSync(Endpoints.JM_ACKNOWLEDGE_CHECKPOINT.of(jobId), jm::acknowledgeCheckpoint);
        inbox.bindSync(Endpoints.JM_DECLINE_CHECKPOINT.of(jobId), jm::declineCheckpoint);
        inbox.bindSync(Endpoints.JM_CHECKPOINTS.of(jobId), r -> jm.checkpointsOrFail().stats());
        inbox.bindSync(Endpoints.JM_ACCUMULATORS.of(jobId), r -> new JobAccumulators(jm.executions().accumulators()));
        inbox.bindSync(Endpoints.JM_TRIGGER_SAVEPOINT.of(jobId), r -> jm.savepointsOrFail().trigger(r));
        inbox.bindSync(Endpoints.JM_SAVEPOINT_STATUS.of(jobId), r -> jm.savepointsOrFail().status(r));
        inbox.bindSync(Endpoints.JM_UPDATE_REQUIREMENTS.of(jobId), jm::updateRequirements);
        inbox.bindSync(Endpoints.JM_RESCALES.of(jobId), r -> views.rescales());
        inbox.bindSync(Endpoints.JM_CANCEL_JOB.of(jobId), r -> jm.cancelJob());
        inbox.subscribe(Addresses.RM_STARTED, ResourceManagerStarted.class, m -> resourceManager.announced(m.rmEpoch()));
    }
}
