package io.ebbflow.te;

import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.HeartbeatOptions;
import io.ebbflow.core.config.options.RegistrationOptions;
import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.ProtocolError;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.ResourceManagerGateway;
import io.ebbflow.core.protocol.ResourceManagerMessages.DeregisterTaskExecutor;
import io.ebbflow.core.protocol.ResourceManagerMessages.HeartbeatAck;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterTaskExecutor;
import io.ebbflow.core.protocol.ResourceManagerMessages.SlotAvailable;
import io.ebbflow.core.protocol.ResourceManagerMessages.TaskExecutorHeartbeat;
import io.ebbflow.core.protocol.ResourceManagerMessages.TaskExecutorRegistered;
import io.ebbflow.core.protocol.SlotReport;
import io.ebbflow.core.service.ResourceManagerConnection;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.vertx.core.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This TaskExecutor's side of the ResourceManager: registration (again whenever the ResourceManager no
 * longer knows it, cannot be reached {@code heartbeat.rpc-failure-threshold} times in a row, or a newer
 * one starts, each time with the full slot report), heartbeats carrying the slot report, word of each freed
 * slot, and the goodbye on leaving. While no ResourceManager answers (the leader died and no standby has taken
 * over yet), the subtasks here run on and registration is retried; only an idle TaskExecutor (no subtasks,
 * no accepted slots) gives up (the process exits) once {@code taskmanager.registration.timeout} has passed.
 *
 * <p>Confined to the TaskExecutor's verticle: replies and timers complete on its thread.
 */
final class ResourceManagerLink {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceManagerLink.class);

    private final String taskExecutorId;
    private final ResourceManagerGateway resourceManager;
    private final ResourceManagerConnection<TaskExecutorRegistered> connection;
    private final int failureThreshold;
    private String registrationId;
    private int heartbeatFailures;

    /**
     * @param registration the registration message, with the current slot report
     * @param hasWork whether subtasks run here or a JobMaster holds slots here (then it never gives up)
     * @param giveUp exits the process: no ResourceManager within the timeout and nothing to keep running
     */
    ResourceManagerLink(String taskExecutorId, Configuration config, Timers timers, Clock clock,
            ResourceManagerGateway resourceManager, Supplier<RegisterTaskExecutor> registration, BooleanSupplier hasWork,
            Runnable giveUp) {
        this.taskExecutorId = taskExecutorId;
        this.resourceManager = resourceManager;
        this.failureThreshold = Math.max(1, config.get(HeartbeatOptions.RPC_FAILURE_THRESHOLD));
        this.connection = new ResourceManagerConnection<>("TaskExecutor " + taskExecutorId, config, timers, clock,
                () -> resourceManager.registerTaskExecutor(registration.get()), TaskExecutorRegistered::rmEpoch,
                this::registered, config.get(RegistrationOptions.TASK_EXECUTOR_TIMEOUT), giveUp,
                () -> !hasWork.getAsBoolean());
    }

    void start() {
        connection.start();
    }

    void stop() {
        connection.stop();
    }

    boolean isRegistered() {
        return registrationId != null;
    }

    /** The newest ResourceManager epoch seen (0 before any). */
    long rmEpoch() {
        return connection.rmEpoch();
    }

    /** A ResourceManager announced itself: if it is newer, register with it now. */
    void announced(long rmEpoch) {
        connection.announced(rmEpoch);
    }

    /**
     * A request from the ResourceManager carried its epoch: a newer one is adopted.
     *
     * @throws ProtocolException STALE if the request comes from an older ResourceManager
     */
    void checkEpoch(long rmEpoch) {
        if (rmEpoch < connection.rmEpoch()) {
            throw ProtocolException.stale("ResourceManager epoch " + rmEpoch + " is older than " + connection.rmEpoch());
        }
        connection.observeEpoch(rmEpoch);
    }

    /** Sends the slot report, if registered. */
    void heartbeat(SlotReport report) {
        if (registrationId == null) {
            return;
        }
        resourceManager.heartbeatFromTaskExecutor(new TaskExecutorHeartbeat(taskExecutorId, registrationId, report))
                .onSuccess(this::heartbeatAnswered)
                .onFailure(this::heartbeatFailed);
    }

    /** Tells the ResourceManager a slot is free, if registered (otherwise the registration's slot report will). */
    void slotFreed(TaskSlotTable.TaskSlot freed) {
        if (registrationId == null) {
            return;
        }
        resourceManager.notifySlotAvailable(new SlotAvailable(taskExecutorId, registrationId, freed.index(), freed.allocationId()))
                .onFailure(e -> LOG.debug("Could not report slot {} free: {} (the next heartbeat will)", freed.index(),
                        e.toString()));
    }

    /** Deregisters, so the ResourceManager drops this TaskExecutor at once; succeeds at once if not registered. */
    Future<?> deregister(String reason) {
        if (registrationId == null) {
            return Future.succeededFuture();
        }
        return resourceManager.deregisterTaskExecutor(new DeregisterTaskExecutor(taskExecutorId, registrationId, reason))
                .onFailure(e -> LOG.debug("Could not deregister from the ResourceManager: {}", e.toString()));
    }

    private void registered(TaskExecutorRegistered reply) {
        registrationId = reply.registrationId();
        heartbeatFailures = 0;
        LOG.info("TaskExecutor {} registered with the ResourceManager (epoch {})", taskExecutorId, reply.rmEpoch());
    }

    private void heartbeatAnswered(HeartbeatAck ack) {
        connection.observeEpoch(ack.rmEpoch());
        heartbeatFailures = 0;
    }

    private void heartbeatFailed(Throwable cause) {
        if (BusClient.errorOf(cause) == ProtocolError.UNKNOWN_SENDER) {
            lost("the ResourceManager does not know it (" + cause.getMessage() + ")");
        } else if (BusClient.isUnreachable(cause) && ++heartbeatFailures >= failureThreshold) {
            lost("the ResourceManager is unreachable");
        } else {
            LOG.debug("Heartbeat to the ResourceManager failed ({} in a row): {}", heartbeatFailures, cause.toString());
        }
    }

    private void lost(String why) {
        registrationId = null;
        connection.lost(why);
    }
}
