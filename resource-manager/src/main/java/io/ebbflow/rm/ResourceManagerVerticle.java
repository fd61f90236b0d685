package io.ebbflow.rm;

import io.ebbflow.core.state.JobRecord;
import io.ebbflow.core.state.TaskExecutorRecord;
import io.ebbflow.core.cluster.ClusterMembership;
import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.cluster.Versioned;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.HeartbeatOptions;
import io.ebbflow.core.config.options.ResourceManagerOptions;
import io.ebbflow.core.config.options.RpcOptions;
import io.ebbflow.core.heartbeat.HeartbeatMonitor;
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
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ResourceManager service. Wires the event bus, cluster membership and timers to the
 * {@link SlotManager} and replicates its changes through the {@link ResourceManagerStore}.
 *
 * <p>This verticle is the single-threaded owner of the slot manager: every handler, membership event
 * and timer runs on its event loop, and Hazelcast and event-bus calls complete back on it. Nothing here
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
    private final AtomicInteger registeredTaskExecutors = new AtomicInteger();
    private final AtomicInteger slotsTotal = new AtomicInteger();
    private final AtomicInteger slotsAvailable = new AtomicInteger();

    private Timers timers;
    private Inbox inbox;
    private TaskExecutorGateway taskExecutors;
    private JobMasterGateway jobMasters;
    private BusClient bus;
    private SlotManager slotManager;
    private HeartbeatMonitor<String> taskExecutorHeartbeats;
    private HeartbeatMonitor<String> jobMasterHeartbeats;
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
        Duration hbTimeout = config.get(HeartbeatOptions.TIMEOUT);
        taskExecutorHeartbeats = new HeartbeatMonitor<>(hbTimeout, -1);
        jobMasterHeartbeats = new HeartbeatMonitor<>(hbTimeout, -1);
        startedAt = clock.millis();
        return store.claimLease(startedAt)
                .compose(this::recover)
                .compose(v -> bindEndpoints())
                .onSuccess(v -> announce());
    }

    private Future<Void> recover(ResourceManagerStore.Lease lease) {
        epoch = lease.epoch();
        slotManager = new SlotManager(epoch, Ids::random128);
        return store.load().map(snapshot -> {
            long now = clock.millis();
            ClusterMembership members = node.membership();
            int restoredTes = 0;
            for (Versioned<TaskExecutorRecord> te : snapshot.taskExecutors().values()) {
                if (members.isLive(te.value().nodeId())) {
                    slotManager.restoreTaskExecutor(te.value(), now);
                    taskExecutorHeartbeats.monitor(te.value().taskExecutorId(), now);
                    restoredTes++;
                }
            }
            snapshot.ledger().values().forEach(row -> slotManager.restoreSlot(row.value()));
            for (Versioned<JobRecord> job : snapshot.jobs().values()) {
                boolean live = members.isLive(job.value().nodeId());
                slotManager.restoreJob(job.value(), live, now);
                if (live) {
                    jobMasterHeartbeats.monitor(job.value().jobId(), now);
                }
            }
            store.startReplication(epoch, timers, this::fenced, snapshot);
            slotManager.orphanedLedgerKeys(snapshot.ledger().keySet()).forEach(store::removeLedgerRow);
            snapshot.taskExecutors().keySet().stream().filter(id -> !slotManager.isRegistered(id))
                    .forEach(store::removeTaskExecutor);
            LOG.info("ResourceManager epoch {} on node {}: recovered {} task executors, {} slots and {} jobs from the "
                    + "cluster", epoch, node.nodeId(), restoredTes, slotManager.totalSlots(), snapshot.jobs().size());
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
        registerGauges(node.meterRegistry());
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
        if (!node.membership().isLive(msg.nodeId())) {
            throw ProtocolException.conflict("node " + msg.nodeId() + " of task executor " + msg.taskExecutorId()
                    + " is not a member of this cluster");
        }
        long now = clock.millis();
        boolean known = slotManager.isRegistered(msg.taskExecutorId());
        String registrationId = slotManager.registerTaskExecutor(msg, now, node.membership()::isLive);
        taskExecutorHeartbeats.monitor(msg.taskExecutorId(), now);
        LOG.info("TaskExecutor {} {} with {} slots (node {})", msg.taskExecutorId(),
                known ? "registered again" : "registered", msg.numberOfSlots(), msg.nodeId());
        afterChange();
        return new TaskExecutorRegistered(epoch, registrationId);
    }

    private HeartbeatAck heartbeatFromTaskExecutor(TaskExecutorHeartbeat msg) {
        long now = clock.millis();
        slotManager.heartbeatFromTaskExecutor(msg.taskExecutorId(), msg.registrationId(), msg.slotReport(), now);
        taskExecutorHeartbeats.received(msg.taskExecutorId(), now);
        afterChange();
        return new HeartbeatAck(epoch);
    }

    private Ack deregisterTaskExecutor(DeregisterTaskExecutor msg) {
        slotManager.checkRegistration(msg.taskExecutorId(), msg.registrationId());
        removeTaskExecutor(msg.taskExecutorId(), "it is leaving: " + msg.reason());
        return Ack.INSTANCE;
    }

    private Ack slotAvailable(SlotAvailable msg) {
        slotManager.checkRegistration(msg.taskExecutorId(), msg.registrationId());
        slotManager.slotAvailable(msg.taskExecutorId(), msg.slotIndex(), msg.allocationId());
        afterChange();
        return Ack.INSTANCE;
    }

    private void removeTaskExecutor(String taskExecutorId, String why) {
        if (slotManager.unregisterTaskExecutor(taskExecutorId)) {
            taskExecutorHeartbeats.stop(taskExecutorId);
            LOG.info("TaskExecutor {} removed with its slots: {}", taskExecutorId, why);
            afterChange();
        }
    }

    // ------------------------------------------------------------------ JobMasters

    private JobMasterRegistered registerJobMaster(RegisterJobMaster msg) {
        if (!node.membership().isLive(msg.nodeId())) {
            throw ProtocolException.conflict("node " + msg.nodeId() + " of the JobMaster of job " + msg.jobId()
                    + " is not a member of this cluster");
        }
        long seq = slotManager.registerJobMaster(msg);
        jobMasterHeartbeats.monitor(msg.jobId(), clock.millis());
        runCheck();
        return new JobMasterRegistered(epoch, seq, slotManager.quotaOf(msg.jobId()));
    }

    private JobResourceStatus heartbeatFromJobMaster(JobMasterHeartbeat msg) {
        slotManager.declareResources(msg.jobId(), msg.jobMasterEpoch(), msg.declaration());
        jobMasterHeartbeats.received(msg.jobId(), clock.millis());
        afterChange();
        return new JobResourceStatus(epoch, slotManager.quotaOf(msg.jobId()), slotManager.acquiredBy(msg.jobId()));
    }

    private Ack deregisterJobMaster(DeregisterJobMaster msg) {
        slotManager.deregisterJobMaster(msg.jobId(), msg.jobMasterEpoch());
        jobMasterHeartbeats.stop(msg.jobId());
        afterChange();
        return Ack.INSTANCE;
    }

    private ClusterOverview overview() {
        return slotManager.overview(node.nodeId(), startedAt);
    }

    // ------------------------------------------------------------------ liveness

    private void nodeLeft(String nodeId) {
        long now = clock.millis();
        for (String te : slotManager.taskExecutorsOnNode(nodeId)) {
            removeTaskExecutor(te, "its process left the cluster (node " + nodeId + ")");
        }
        for (String job : slotManager.jobsOnNode(nodeId)) {
            slotManager.jobMasterLost(job, now);
            jobMasterHeartbeats.stop(job);
        }
        afterChange();
    }

    private void checkLiveness() {
        long now = clock.millis();
        for (String te : taskExecutorHeartbeats.expire(now)) {
            removeTaskExecutor(te, "no heartbeat within " + config.get(HeartbeatOptions.TIMEOUT).toSeconds() + " s");
        }
        for (String job : jobMasterHeartbeats.expire(now)) {
            slotManager.jobMasterLost(job, now);
        }
        for (String job : slotManager.expireDisconnectedJobs(now, config.get(ResourceManagerOptions.JOB_TIMEOUT).toMillis())) {
            LOG.info("Job {} forgotten: its JobMaster did not come back within resourcemanager.job.timeout", job);
        }
        afterChange();
    }

    // ------------------------------------------------------------------ matching

    /** Replicates changes, updates gauges, and schedules a (coalesced) requirement check if needed. */
    private void afterChange() {
        store.replicate(slotManager);
        registeredTaskExecutors.set(slotManager.numberOfTaskExecutors());
        slotsTotal.set(slotManager.totalSlots());
        slotsAvailable.set(slotManager.freeSlots());
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

    private void registerGauges(MeterRegistry registry) {
        Gauge.builder("flink.jobmanager.numRegisteredTaskManagers", registeredTaskExecutors, AtomicInteger::get)
                .description("Registered TaskExecutors").register(registry);
        Gauge.builder("flink.jobmanager.taskSlotsTotal", slotsTotal, AtomicInteger::get)
                .description("Slots of all registered TaskExecutors").register(registry);
        Gauge.builder("flink.jobmanager.taskSlotsAvailable", slotsAvailable, AtomicInteger::get)
                .description("Free slots").register(registry);
    }
}
