package io.ebbflow.jm.slots;

import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.JobMasterMessages.ResourceQuota;
import io.ebbflow.core.protocol.ProtocolError;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.ResourceManagerGateway;
import io.ebbflow.core.protocol.ResourceManagerMessages.DeregisterJobMaster;
import io.ebbflow.core.protocol.ResourceManagerMessages.JobMasterHeartbeat;
import io.ebbflow.core.protocol.ResourceManagerMessages.JobMasterRegistered;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterJobMaster;
import io.ebbflow.core.service.ResourceManagerConnection;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobMaster's link to the ResourceManager: it registers (again after every reconnect), declares the
 * job's absolute requirement on every heartbeat (the latest declaration wins), and applies the share the
 * ResourceManager's division grants. Confined to the JobMaster's event loop.
 */
public final class ResourceManagerLink {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceManagerLink.class);

    private final String jobId;
    private final long epoch;
    private final ResourceManagerGateway resourceManager;
    private final SlotPoolService slots;
    private final Runnable fenced;
    private final ResourceManagerConnection<JobMasterRegistered> connection;

    public ResourceManagerLink(String jobId, String jobName, long epoch, String nodeId, ResourceManagerGateway resourceManager,
            SlotPoolService slots, Configuration config, Timers timers, Clock clock, Runnable fenced) {
        this.jobId = jobId;
        this.epoch = epoch;
        this.resourceManager = resourceManager;
        this.slots = slots;
        this.fenced = fenced;
        this.connection = new ResourceManagerConnection<>("JobMaster of job " + jobId, config, timers, clock,
                () -> resourceManager.registerJobMaster(
                        new RegisterJobMaster(jobId, jobName, epoch, nodeId, slots.pool().declaration())),
                JobMasterRegistered::rmEpoch, this::registered, null, null);
    }

    public void start() {
        connection.start();
    }

    public void stop() {
        connection.stop();
    }

    /** A ResourceManager announced itself (with its epoch). */
    public void announced(long rmEpoch) {
        connection.announced(rmEpoch);
    }

    private void registered(JobMasterRegistered reply) {
        LOG.info("JobMaster of job {} registered with the ResourceManager (epoch {}), place {} in the submission "
                + "order, share {} slots", jobId, reply.rmEpoch(), reply.submissionSeq(), reply.quota());
        slots.applyQuota(reply.quota());
    }

    /** Declares the job's requirement (on the heartbeat, and at once when it changes). */
    public void heartbeat() {
        if (!connection.isRegistered()) {
            return;
        }
        resourceManager.heartbeatFromJobMaster(new JobMasterHeartbeat(jobId, epoch, slots.pool().declaration()))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        connection.observeEpoch(ar.result().rmEpoch());
                        slots.applyQuota(ar.result().quota());
                    } else if (BusClient.errorOf(ar.cause()) == ProtocolError.UNKNOWN_SENDER) {
                        connection.lost("the ResourceManager does not know the job (" + ar.cause().getMessage() + ")");
                    } else if (BusClient.errorOf(ar.cause()) == ProtocolError.STALE) {
                        fenced.run();
                    } else {
                        LOG.debug("Heartbeat of job {} to the ResourceManager failed: {}", jobId, ar.cause().toString());
                    }
                });
    }

    /** The ResourceManager's division changed the job's share. */
    public Ack resourceQuota(ResourceQuota msg) {
        if (msg.rmEpoch() < connection.rmEpoch()) {
            throw ProtocolException.stale("ResourceManager epoch " + msg.rmEpoch() + " is older than "
                    + connection.rmEpoch());
        }
        connection.observeEpoch(msg.rmEpoch());
        slots.applyQuota(msg.quota());
        return Ack.INSTANCE;
    }

    /** Says goodbye, so the ResourceManager does not hand the job's freed slots back to it. */
    public Future<?> deregister(String reason, Duration timeout) {
        return connection.isRegistered()
                ? resourceManager.deregisterJobMaster(new DeregisterJobMaster(jobId, epoch, reason))
                        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                : Future.succeededFuture();
    }
}
