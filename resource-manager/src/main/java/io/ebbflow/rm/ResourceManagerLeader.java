package io.ebbflow.rm;

import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.HeartbeatOptions;
import io.ebbflow.core.config.options.ResourceManagerOptions;
import io.ebbflow.core.config.options.TaskManagerOptions;
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
import io.ebbflow.core.protocol.ResourceManagerMessages.ResourceManagerStandby;
import io.ebbflow.core.protocol.ResourceManagerMessages.ResourceManagerStarted;
import io.ebbflow.core.protocol.ResourceManagerMessages.SlotAvailable;
import io.ebbflow.core.protocol.ResourceManagerMessages.TaskExecutorHeartbeat;
import io.ebbflow.core.protocol.ResourceManagerMessages.TaskExecutorRegistered;
import io.ebbflow.core.protocol.TaskExecutorGateway;
import io.ebbflow.core.protocol.TaskExecutorMessages.RequestSlots;
import io.ebbflow.core.protocol.TaskExecutorMessages.SlotAllocation;
import io.ebbflow.core.time.Cancellable;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.ebbflow.core.util.Ids;
import io.ebbflow.rm.provider.ResourceProvider;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the ResourceManager does while it leads: takes over the ledger from the cluster's maps
 * ({@link Recovery}), binds the endpoints, announces itself so TaskExecutors and JobMasters register (with their
 * slot reports and declarations) at once, feeds messages, membership events and timers to the
 * {@link SlotManager} and {@link Liveness}, carries out each {@link MatchResult}, and replicates the changes
 * through the {@link ResourceManagerStore}. It also keeps the standbys that announced themselves, for the
 * overview.
 *
 * <p>After a takeover the maps may miss the newest changes or hold nothing at all (the ledger is then rebuilt from
 * the registrations alone): for a {@link TakeoverSettle} no slot is requested and no share pushed or lowered.
 *
 * <p>Confined to the ResourceManager's verticle: every handler, membership event and timer runs on its event
 * loop, and Hazelcast and event-bus calls complete back on it. Once {@linkplain #stopActing() fenced} it
 * requests no slot and writes nothing more.
 */
final class ResourceManagerLeader {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceManagerLeader.class);
    private static final Duration LIVENESS_CHECK = Duration.ofSeconds(1);

    private final ClusterNode node;
    private final Configuration config;
    private final Clock clock;
    private final Timers timers;
    private final Inbox inbox;
    private final BusClient bus;
    private final TaskExecutorGateway taskExecutors;
    private final JobMasterGateway jobMasters;
    private final ResourceManagerStore store;
    private final ResourceManagerGauges gauges;
    private final Runnable onFenced;
    private final Set<String> standbys = new TreeSet<>();

    private SlotManager slotManager;
    private Liveness liveness;
    private Cancellable livenessTimer = Cancellable.NONE;
    private final RequirementCheckSchedule checks;
    private final ReplicationSchedule replication;
    private final ActiveResources active;
    private long epoch;
    private long startedAt;
    /** Until {@link #recover} sets the real one: nothing to settle. */
    private TakeoverSettle settle = new TakeoverSettle(1, 0);
    private boolean acting;

    ResourceManagerLeader(ClusterNode node, Configuration config, Clock clock, Timers timers, Inbox inbox, BusClient bus,
            ResourceManagerStore store, ResourceManagerGauges gauges, ResourceProvider provider, Runnable onFenced) {
        this.node = node;
        this.config = config;
        this.clock = clock;
        this.timers = timers;
        this.inbox = inbox;
        this.bus = bus;
        this.taskExecutors = TaskExecutorGateway.overBus(bus);
        this.jobMasters = JobMasterGateway.overBus(bus);
        this.store = store;
        this.gauges = gauges;
        this.onFenced = onFenced;
        this.checks = new RequirementCheckSchedule(config.get(ResourceManagerOptions.REQUIREMENT_CHECK_DELAY), clock,
                timers, this::runCheck);
        this.replication = new ReplicationSchedule(clock, timers, () -> store.replicate(slotManager));
        this.active = provider == null ? null : new ActiveResources(new WorkerPlanner(plannerSettings(config, provider),
                () -> "worker-" + Ids.random128().substring(0, 12)), provider, store, clock, this::planWorkers);
    }

    private static WorkerPlanner.Settings plannerSettings(Configuration config, ResourceProvider provider) {
        return new WorkerPlanner.Settings(provider.name(), config.get(TaskManagerOptions.NUM_TASK_SLOTS),
                config.get(ResourceManagerOptions.MAX_TASK_EXECUTORS),
                config.get(ResourceManagerOptions.TASK_EXECUTOR_IDLE_TIMEOUT),
                config.get(ResourceManagerOptions.TASK_EXECUTOR_REGISTRATION_TIMEOUT),
                config.get(ResourceManagerOptions.START_WORKER_RETRY_INTERVAL),
                config.get(ResourceManagerOptions.START_WORKER_MAX_RETRY_INTERVAL));
    }

    long epoch() {
        return epoch;
    }

    /** Takes over with the epoch the durable store granted: the map lease, the ledger, the endpoints, the announcement. */
    Future<Void> start(long epoch) {
        this.epoch = epoch;
        this.startedAt = clock.millis();
        this.acting = true;
        return store.writeLease(epoch, startedAt)
                .compose(lease -> store.load())
                .map(this::recover)
                .compose(v -> adoptWorkers())
                .compose(v -> bindEndpoints())
                .onSuccess(v -> announce());
    }

    private Void recover(ResourceManagerStore.Snapshot snapshot) {
        slotManager = new SlotManager(epoch, Ids::random128);
        liveness = new Liveness(slotManager, config.get(HeartbeatOptions.TIMEOUT),
                config.get(ResourceManagerOptions.JOB_TIMEOUT));
        long now = clock.millis();
        Recovery recovery = Recovery.restore(slotManager, snapshot, node.membership()::isLive, now);
        liveness.recovered(recovery, now);
        store.startReplication(epoch, timers, onFenced, snapshot);
        recovery.orphanedLedgerKeys().forEach(store::removeLedgerRow);
        recovery.goneTaskExecutors().forEach(store::removeTaskExecutor);
        boolean rebuild = epoch > 1 && snapshot.taskExecutors().isEmpty() && snapshot.jobs().isEmpty();
        settle = new TakeoverSettle(epoch, now);
        LOG.info("ResourceManager epoch {} on node {}: recovered {} task executors, {} slots and {} jobs from the "
                + "cluster{}", epoch, node.nodeId(), recovery.taskExecutors().size(), slotManager.totalSlots(),
                snapshot.jobs().size(), rebuild ? "; the maps are empty, rebuilding the ledger from the slot reports "
                        + "and declarations" : "");
        if (settling()) {
            // Shares told meanwhile never fall below what a job holds or desires (shareToTell).
            checks.needed(settle.until());
        } else {
            // Shares must be known before the first JobMaster heartbeat is answered.
            runCheck();
        }
        return null;
    }

    /** With a resource provider: the workers the predecessor started are adopted before any is started. */
    private Future<Void> adoptWorkers() {
        if (active == null) {
            return Future.succeededFuture();
        }
        return store.loadWorkers().compose(recorded -> {
            store.startWorkerReplication(epoch, timers, onFenced, recorded);
            return active.adopt(recorded);
        }).onSuccess(v -> planWorkers());
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
        inbox.subscribe(Addresses.RM_STANDBY, ResourceManagerStandby.class, this::standbyAnnounced);
        livenessTimer = timers.periodic(LIVENESS_CHECK, this::checkLiveness);
        gauges.register(node.meterRegistry());
        if (active != null) {
            active.registerMetrics(node.meterRegistry());
        }
        afterChange();
        return inbox.ready();
    }

    private void announce() {
        bus.publish(Addresses.RM_STARTED, new ResourceManagerStarted(epoch, node.nodeId()));
        LOG.info("ResourceManager epoch {} ready", epoch);
    }

    /** Fenced: no slot request, no share, no map write from now on. */
    void stopActing() {
        acting = false;
        if (active != null) {
            active.stopActing();
        }
        livenessTimer.cancel();
        checks.stop();
        replication.stop();
    }

    /** A clean stop: the timers end and the last changes reach the maps. */
    Future<Void> stop() {
        livenessTimer.cancel();
        checks.stop();
        if (active != null) {
            active.close();
        }
        if (!acting) {
            return Future.succeededFuture();
        }
        if (replication.isWaiting()) {
            replication.writeNow();
        }
        return store.flushed();
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
        // Checked at once, so the reply carries the job's share; no share message repeats it.
        runCheck(msg.jobId());
        return new JobMasterRegistered(epoch, seq, shareToTell(msg.jobId()));
    }

    private JobResourceStatus heartbeatFromJobMaster(JobMasterHeartbeat msg) {
        slotManager.declareResources(msg.jobId(), msg.jobMasterEpoch(), msg.declaration());
        liveness.jobMasterHeartbeat(msg.jobId(), clock.millis());
        afterChange();
        return new JobResourceStatus(epoch, shareToTell(msg.jobId()), slotManager.acquiredBy(msg.jobId()));
    }

    /**
     * The job's share; while settling after a takeover, never below what the job is known to hold or desires (the
     * ledger may not know all it holds yet).
     */
    private int shareToTell(String jobId) {
        return settle.shareToTell(slotManager.quotaOf(jobId), slotManager.acquiredBy(jobId),
                slotManager.job(jobId).map(j -> j.desiredSlots()).orElse(0), clock.millis());
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

    // ------------------------------------------------------------------ overview and standbys

    private ClusterOverview overview() {
        standbys.removeIf(id -> !node.membership().isLive(id));
        ClusterOverview o = slotManager.overview(node.nodeId(), startedAt, standbys.stream().toList());
        return active == null ? o : new ClusterOverview(o.rmEpoch(), o.rmNodeId(), o.rmStartedAt(), o.taskExecutors(),
                o.jobs(), o.standbys(), active.view());
    }

    private void standbyAnnounced(ResourceManagerStandby msg) {
        if (!msg.nodeId().equals(node.nodeId()) && standbys.add(msg.nodeId())) {
            LOG.info("ResourceManager standby on node {}", msg.nodeId());
        }
    }

    // ------------------------------------------------------------------ liveness

    void nodeLeft(String nodeId) {
        if (standbys.remove(nodeId)) {
            LOG.info("ResourceManager standby on node {} left", nodeId);
        }
        if (slotManager == null || !acting) {
            return;
        }
        liveness.nodeLeft(nodeId, clock.millis());
        afterChange();
    }

    private void checkLiveness() {
        liveness.check(clock.millis());
        afterChange();
        planWorkers();
    }

    /** With a resource provider: starts and stops workers as the declared slots and idle TaskExecutors call for. */
    private void planWorkers() {
        if (active != null && acting && slotManager != null && !settling()) {
            active.plan(slotManager.workerDemand());
        }
    }

    // ------------------------------------------------------------------ matching

    private boolean settling() {
        return settle.settling(clock.millis());
    }

    /**
     * Schedules the write of the changes to the maps ({@link ReplicationSchedule}), updates the gauges, and runs
     * or schedules a requirement check if one is needed ({@link RequirementCheckSchedule}).
     */
    private void afterChange() {
        if (!acting) {
            return;
        }
        if (slotManager.hasUnreplicatedChanges()) {
            replication.changed();
        }
        gauges.update(slotManager);
        if (slotManager.isCheckNeeded()) {
            checks.needed(settle.until());
        }
    }

    private void runCheck() {
        runCheck(null);
    }

    /** @param toldByReply a job whose share the caller's reply carries (no share message for it), or null */
    private void runCheck(String toldByReply) {
        if (!acting) {
            return;
        }
        if (settling()) {
            afterChange();
            return;
        }
        checks.ran();
        MatchResult decided = slotManager.checkResourceRequirements();
        MatchResult result = toldByReply == null ? decided : decided.withoutShareMessageTo(toldByReply);
        result.perTaskExecutorAndJob().forEach(this::requestSlots);
        for (Map.Entry<String, Integer> quota : result.quotaChanges().entrySet()) {
            jobMasters.updateResourceQuota(quota.getKey(), new ResourceQuota(epoch, quota.getValue()))
                    .onFailure(e -> LOG.debug("Could not tell job {} its share {}: {}", quota.getKey(), quota.getValue(),
                            e.toString()));
        }
        if (!result.isEmpty()) {
            LOG.debug("Requirement check: {} slot requests, shares changed {}", result.requests().size(),
                    result.quotaChanges());
        }
        planWorkers();
        afterChange();
    }

    /** Requests one job's slots on one TaskExecutor in one message; each slot is confirmed or failed on its own. */
    private void requestSlots(List<MatchResult.SlotRequest> batch) {
        MatchResult.SlotRequest first = batch.get(0);
        RequestSlots msg = new RequestSlots(epoch, first.jobId(), first.jobMasterEpoch(),
                batch.stream().map(r -> new SlotAllocation(r.slot().index(), r.allocationId())).toList());
        taskExecutors.requestSlots(first.slot().taskExecutorId(), msg).onComplete(ar -> {
            if (!acting) {
                return;
            }
            Map<String, String> refused = new HashMap<>();
            if (ar.succeeded()) {
                ar.result().refused().forEach(r -> refused.put(r.allocationId(), r.reason()));
            } else {
                batch.forEach(r -> refused.put(r.allocationId(), ar.cause().getMessage()));
            }
            for (MatchResult.SlotRequest r : batch) {
                String why = refused.get(r.allocationId());
                if (why == null) {
                    slotManager.slotRequestSucceeded(r.slot(), r.allocationId());
                } else {
                    LOG.info("Slot request {} for job {} on {} failed: {}", r.allocationId(), r.jobId(), r.slot(), why);
                    slotManager.slotRequestFailed(r.slot(), r.allocationId());
                }
            }
            afterChange();
        });
    }
}
