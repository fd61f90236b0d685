package io.ebbflow.core.protocol;

import io.ebbflow.core.protocol.ResourceManagerMessages.ClusterOverview;
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
import io.vertx.core.Future;

/**
 * How TaskExecutors, JobMasters and the web-ui talk to the ResourceManager. Every call completes within
 * {@code rpc.ask-timeout}; it fails with a {@link ProtocolException} when the ResourceManager refused
 * the message, or with an unreachable error ({@link BusClient#isUnreachable(Throwable)}) when no
 * ResourceManager answered.
 */
public interface ResourceManagerGateway {

    Future<TaskExecutorRegistered> registerTaskExecutor(RegisterTaskExecutor registration);

    Future<HeartbeatAck> heartbeatFromTaskExecutor(TaskExecutorHeartbeat heartbeat);

    Future<Ack> deregisterTaskExecutor(DeregisterTaskExecutor request);

    Future<Ack> notifySlotAvailable(SlotAvailable notification);

    Future<JobMasterRegistered> registerJobMaster(RegisterJobMaster registration);

    Future<JobResourceStatus> heartbeatFromJobMaster(JobMasterHeartbeat heartbeat);

    Future<Ack> deregisterJobMaster(DeregisterJobMaster request);

    Future<ClusterOverview> clusterOverview();

    /** The event-bus implementation. */
    static ResourceManagerGateway overBus(BusClient bus) {
        return new ResourceManagerGateway() {
            @Override
            public Future<TaskExecutorRegistered> registerTaskExecutor(RegisterTaskExecutor registration) {
                return bus.request(Endpoints.RM_REGISTER_TASK_EXECUTOR, registration);
            }

            @Override
            public Future<HeartbeatAck> heartbeatFromTaskExecutor(TaskExecutorHeartbeat heartbeat) {
                return bus.request(Endpoints.RM_TASK_EXECUTOR_HEARTBEAT, heartbeat);
            }

            @Override
            public Future<Ack> deregisterTaskExecutor(DeregisterTaskExecutor request) {
                return bus.request(Endpoints.RM_DEREGISTER_TASK_EXECUTOR, request);
            }

            @Override
            public Future<Ack> notifySlotAvailable(SlotAvailable notification) {
                return bus.request(Endpoints.RM_SLOT_AVAILABLE, notification);
            }

            @Override
            public Future<JobMasterRegistered> registerJobMaster(RegisterJobMaster registration) {
                return bus.request(Endpoints.RM_REGISTER_JOB_MASTER, registration);
            }

            @Override
            public Future<JobResourceStatus> heartbeatFromJobMaster(JobMasterHeartbeat heartbeat) {
                return bus.request(Endpoints.RM_JOB_MASTER_HEARTBEAT, heartbeat);
            }

            @Override
            public Future<Ack> deregisterJobMaster(DeregisterJobMaster request) {
                return bus.request(Endpoints.RM_DEREGISTER_JOB_MASTER, request);
            }

            @Override
            public Future<ClusterOverview> clusterOverview() {
                return bus.request(Endpoints.RM_CLUSTER_OVERVIEW, new ResourceManagerMessages.ClusterOverviewRequest());
            }
        };
    }
}
