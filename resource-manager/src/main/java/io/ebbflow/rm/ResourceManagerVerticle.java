package io.ebbflow.rm;

import io.ebbflow.core.cluster.ClusterMembership;
import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.HeartbeatOptions;
import io.ebbflow.core.config.options.ResourceManagerOptions;
import io.ebbflow.core.config.options.RpcOptions;
import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.Addresses;
import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.Endpoints;
import io.ebbflow.core.protocol.Inbox;
import io.ebbflow.core.protocol.JobMasterGateway;
import io.ebbflow.core.protocol.JobMasterMessages.ResourceQuota;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.ResourceManagerMessages.ClusterOverview;
import io.ebbflow.core.protocol.ResourceManagerMessages.DeregisterJobMaster;
import io.ebbflow.core.protocol.ResourceManagerMessages.DeregisterTaskExecutor;
import io.ebbflow.core.protocol.ResourceManagerMessages.HeartbeatAck;
import io.ebbflow.core.protocol.ResourceManagerMessages.JobMasterHeartbeat;
import io.ebbflow.core.protocol.ResourceManagerMessages.JobMasterRegistered;
import io.ebbflow.core.protocol.ResourceManagerMessages.JobResourceStatus;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterJobMaster;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterTaskExecutor;
import io.ebbflow.core.protocol.ResourceManagerMessages.ResourceManagerStarted;
import io.ebbflow.core.protocol.ResourceManagerMessages.SlotAvailable;
import io.ebbflow.core.protocol.ResourceManagerMessages.TaskExecutorHeartbeat;
import io.ebbflow.core.protocol.ResourceManagerMessages.TaskExecutorRegistered;
import io.ebbflow.core.protocol.TaskExecutorGateway;
import io.ebbflow.core.protocol.TaskExecutorMessages.RequestSlot;
import io.ebbflow.core.service.ServiceContext;
import io.ebbflow.core.time.Cancellable;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.ebbflow.core.time.VertxTimers;
import io.ebbflow.core.util.Ids;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ResourceManager service. Wires the event bus, cluster membership and timers to the
 * {@link SlotManager} and {@link Liveness}, carries out each {@link MatchResult}, and replicates the
 * changes through the {@link ResourceManagerStore}.
 *
 * <p>This verticle is the single-threaded owner of the slot manager and the liveness bookkeeping
 * (plain classes, given {@code now} from the injected clock): every handler, membership event and
 * timer runs on its event loop, and Hazelcast and event-bus calls complete back on it. Nothing here
 * blocks.
 */
public final class ResourceManagerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceManagerVerticle.class);
    private static final Duration LIVENESS_CHECK = Duration.ofSeconds(1);

    private final ClusterNode node;
    private final Configuration config;
    private final Clock clock;
    private final ServiceContext.ProcessControl process;
    private final ResourceManagerStore store;
    private final ResourceManagerGauges gauges = new ResourceManagerGauges();

    private Timers timers;
    private Inbox inbox;
    private TaskExecutorGateway taskExecutors;
    private JobMasterGateway jobMasters;
    private BusClient bus;
    private SlotManager slotManager;
    private Liveness liveness;
    private ClusterMembership.Subscription membershipSubscription;
    private Cancellable livenessTimer = Cancellable.NONE;
    private Cancellable pendingCheck;
    private long startedAt;
    private volatile long epoch;

    public ResourceManagerVerticle(ServiceContext context, Clock clock) {
        this.node = context.node();
        this.config = context.config();
        this.clock = clock;
        this.process = context.process();
        this.store = new ResourceManagerStore(node);
    }

    /** This ResourceManager's epoch (0 until started). */
    public long epoch() {
        return epoch;
    }

    @Override
    public Future<?> start() {
        timers = new VertxTimers(vertx);
        long maxBytes = config.get(RpcOptions.MAX_MESSAGE_SIZE).bytes();
        bus = new BusClient(vertx, config.get(RpcOptions.ASK_TIMEOUT), maxBytes);
        taskExecutors = TaskExecutorGateway.overBus(bus);
        jobMasters = JobMasterGateway.overBus(bus);
        inbox = new Inbox(vertx, "resource-manager", maxBytes, node.meterRegistry());
        startedAt = clock.millis();
        return store.claimLease(startedAt)
                .compose(this::recover)
                .compose(v -> bindEndpoints())
                .onSuccess(v -> announce());
    }

    private Future<Void> recover(ResourceManagerStore.Lease lease) {
        epoch = lease.epoch();
        slotManager = new SlotManager(epoch, Ids::random128);
        liveness = new Liveness(slotManager, config.get(HeartbeatOptions.TIMEOUT),
                config.get(ResourceManagerOptions.JOB_TIMEOUT));
        return store.load().map(snapshot -> {
            long now = clock.millis();
            Recovery recovery = Recovery.restore(slotManager, snapshot, node.membership()::isLive, now);
            liveness.recovered(recovery, now);
            store.startReplication(epoch, timers, this::fenced, snapshot);
            recovery.orphanedLedgerKeys().forEach(store::removeLedgerRow);
            recovery.goneTaskExecutors().forEach(store::removeTaskExecutor);
            LOG.info("ResourceManager epoch {} on node {}: recovered {} task executors, {} slots and {} jobs from the "
                    + "cluster", epoch, node.nodeId(), recovery.taskExecutors().size(), slotManager.totalSlots(),
                    snapshot.jobs().size());
            // Shares must be known before the first JobMaster heartbeat is answered.
            runCheck();
            return null;
        });
    }

    private Future<Void> bindEndpoints() {
        inbox.bindSync(Endpoints.RM_REGISTER_TASK_EXECUTOR, this::registerTaskExecutor);
        inbox.bindSync(Endpoints.RM_TASK_EXECUTOR_HEARTBEAT, this::heartbeatFromTaskExecutor);
        inbox.bindSync(Endpoints.RM_DEREGISTER_TASK_EXECUTOR, this::deregisterTaskExecutor);
        inbox.bindSync(Endpoints.RM_SLOT_AVAILABLE, this::slotAvailable);
        inbox.bindSync(Endpoints.RM_REGISTER_JOB_MASTER, this::registerJobMaster);
        inbox.bindSync(Endpoints.RM_JOB_MASTER_HEARTBEAT, this::heartbeatFromJobMaster);
        inbox.bindSync(Endpoints.RM_DEREGISTER_JOB_MASTER, this::deregisterJobMaster);
        inbox.bindSync(Endpoints.RM_CLUSTER_OVERVIEW, r -> overview());
        membershipSubscription = node.membership().addListener(this::nodeLeft);
        livenessTimer = timers.periodic(LIVENESS_CHECK, this::checkLiveness);
        gauges.register(node.meterRegistry());
        afterChange();
        return inbox.ready();
    }

    private void announce() {
        bus.publish(Addresses.RM_STARTED, new ResourceManagerStarted(epoch, node.nodeId()));
        LOG.info("ResourceManager epoch {} ready", epoch);
    }

    @Override
    public Future<?> stop() {
        livenessTimer.cancel();
        if (membershipSubscription != null) {
            membershipSubscription.cancel();
        }
        Future<Void> closed = inbox == null ? Future.succeededFuture() : inbox.close();
        return closed.compose(v -> store.flushed()).timeout(5, java.util.concurrent.TimeUnit.SECONDS)
                .recover(e -> Future.succeededFuture());
    }

    // ------------------------------------------------------------------ TaskExecutors

    private TaskExecutorRegistered registerTaskExecutor(RegisterTaskExecutor msg) {
        requireMember(msg.nodeId(), "task executor " + msg.taskExecutorId());
        long now = clock.millis();
        String registrationId = slotManager.registerTaskExecutor(msg, now, node.membership()::isLive);
        liveness.taskExecutorRegistered(msg.taskExecutorId(), now);
        afterChange();
        return new TaskExecutorRegistered(epoch, registrationId);
    }

    private HeartbeatAck heartbeatFromTaskExecutor(TaskExecutorHeartbeat msg) {
        long now = clock.millis();
        slotManager.heartbeatFromTaskExecutor(msg.taskExecutorId(), msg.registrationId(), msg.slotReport(), now);
        liveness.taskExecutorHeartbeat(msg.taskExecutorId(), now);
        afterChange();
        return new HeartbeatAck(epoch);
    }

    private Ack deregisterTaskExecutor(DeregisterTaskExecutor msg) {
        slotManager.checkRegistration(msg.taskExecutorId(), msg.registrationId());
        if (liveness.removeTaskExecutor(msg.taskExecutorId(), "it is leaving: " + msg.reason())) {
            afterChange();
        }
        return Ack.INSTANCE;
    }

    private Ack slotAvailable(SlotAvailable msg) {
        slotManager.checkRegistration(msg.taskExecutorId(), msg.registrationId());
        slotManager.slotAvailable(msg.taskExecutorId(), msg.slotIndex(), msg.allocationId());
        afterChange();
        return Ack.INSTANCE;
    }

    // ------------------------------------------------------------------ JobMasters

    private JobMasterRegistered registerJobMaster(RegisterJobMaster msg) {
        requireMember(msg.nodeId(), "the JobMaster of job " + msg.jobId());
        long seq = slotManager.registerJobMaster(msg);
        liveness.jobMasterRegistered(msg.jobId(), clock.millis());
        runCheck();
        return new JobMasterRegistered(epoch, seq, slotManager.quotaOf(msg.jobId()));
    }

    private JobResourceStatus heartbeatFromJobMaster(JobMasterHeartbeat msg) {
        slotManager.declareResources(msg.jobId(), msg.jobMasterEpoch(), msg.declaration());
        liveness.jobMasterHeartbeat(msg.jobId(), clock.millis());
        afterChange();
        return new JobResourceStatus(epoch, slotManager.quotaOf(msg.jobId()), slotManager.acquiredBy(msg.jobId()));
    }

    private Ack deregisterJobMaster(DeregisterJobMaster msg) {
        slotManager.deregisterJobMaster(msg.jobId(), msg.jobMasterEpoch());
        liveness.jobMasterDeregistered(msg.jobId());
        afterChange();
        return Ack.INSTANCE;
    }

    /** Refuses a registration from a process that is not (or no longer) a member of this cluster. */
    private void requireMember(String nodeId, String sender) {
        if (!node.membership().isLive(nodeId)) {
            throw ProtocolException.conflict("node " + nodeId + " of " + sender + " is not a member of this cluster");
        }
    }

    private ClusterOverview overview() {
        return slotManager.overview(node.nodeId(), startedAt);
    }

    // ------------------------------------------------------------------ liveness

    private void nodeLeft(String nodeId) {
        liveness.nodeLeft(nodeId, clock.millis());
        afterChange();
    }

    private void checkLiveness() {
        liveness.check(clock.millis());
        afterChange();
    }

    // ------------------------------------------------------------------ matching

    /** Replicates changes, updates gauges, and schedules a (coalesced) requirement check if needed. */
    private void afterChange() {
        store.replicate(slotManager);
        gauges.update(slotManager);
        if (slotManager.isCheckNeeded() && pendingCheck == null) {
            pendingCheck = timers.schedule(config.get(ResourceManagerOptions.REQUIREMENT_CHECK_DELAY), () -> {
                pendingCheck = null;
                runCheck();
            });
        }
    }

    private void runCheck() {
        if (pendingCheck != null) {
            pendingCheck.cancel();
            pendingCheck = null;
        }
        MatchResult result = slotManager.checkResourceRequirements();
        for (MatchResult.SlotRequest request : result.requests()) {
            requestSlot(request);
        }
        for (Map.Entry<String, Integer> quota : result.quotaChanges().entrySet()) {
            jobMasters.updateResourceQuota(quota.getKey(), new ResourceQuota(epoch, quota.getValue()))
                    .onFailure(e -> LOG.debug("Could not tell job {} its share {}: {}", quota.getKey(), quota.getValue(),
                            e.toString()));
        }
        if (!result.isEmpty()) {
            LOG.debug("Requirement check: {} slot requests, shares changed {}", result.requests().size(),
                    result.quotaChanges());
        }
        afterChange();
    }

    private void requestSlot(MatchResult.SlotRequest r) {
        RequestSlot msg = new RequestSlot(epoch, r.slot().index(), r.jobId(), r.jobMasterEpoch(), r.allocationId());
        taskExecutors.requestSlot(r.slot().taskExecutorId(), msg).onComplete(ar -> {
            if (ar.succeeded()) {
                slotManager.slotRequestSucceeded(r.slot(), r.allocationId());
            } else {
                LOG.info("Slot request {} for job {} on {} failed: {}", r.allocationId(), r.jobId(), r.slot(),
                        ar.cause().getMessage());
                slotManager.slotRequestFailed(r.slot(), r.allocationId());
            }
            afterChange();
        });
    }

    private void fenced() {
        process.exit(1, "a newer ResourceManager owns the slot ledger; this one (epoch " + epoch + ") stops");
    }
}
