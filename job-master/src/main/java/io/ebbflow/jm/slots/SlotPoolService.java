package io.ebbflow.jm.slots;

import io.ebbflow.core.heartbeat.HeartbeatMonitor;
import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.JobMasterMessages.OfferSlots;
import io.ebbflow.core.protocol.JobMasterMessages.SlotsAccepted;
import io.ebbflow.core.protocol.ProtocolError;
import io.ebbflow.core.protocol.TaskExecutorGateway;
import io.ebbflow.core.protocol.TaskExecutorMessages.AllocatedSlotReport;
import io.ebbflow.core.protocol.TaskExecutorMessages.FreeSlot;
import io.ebbflow.core.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobMaster's side of its slots: the {@link DeclarativeSlotPool} (plain data) with what reaches over the
 * bus — offers accepted against the outstanding requirement, slots beyond the share or target returned,
 * heartbeats to the TaskExecutors holding the job's slots and their liveness. Tells its {@link Listener} when
 * the held slots change and when a TaskExecutor is gone. Confined to the JobMaster's event loop.
 */
public final class SlotPoolService {

    private static final Logger LOG = LoggerFactory.getLogger(SlotPoolService.class);

    /** What the JobMaster does when the slots change. */
    public interface Listener {
        /** The set of held slots changed (or what the job is entitled to). */
        void resourcesChanged();

        /** A TaskExecutor is gone (left, lost or unreachable): called before its slots leave the pool. */
        void taskExecutorRemoved(String taskExecutorId, String why);

        /** A slot was accepted after the job waited {@code waitedMillis} for it. */
        void slotAcquired(long waitedMillis);

        /** A TaskExecutor knows a newer JobMaster of the job: this one must stop. */
        void fenced();
    }

    private final String jobId;
    private final String nodeId;
    private final LongSupplier epoch;
    private final Clock clock;
    private final TaskExecutorGateway taskExecutors;
    private final DeclarativeSlotPool pool;
    private final HeartbeatMonitor<String> heartbeats;
    private final Duration heartbeatTimeout;
    private final int rpcFailureThreshold;
    private final Listener listener;
    private Set<String> lastHeld = Set.of();
    private volatile int heldSlots;

    public SlotPoolService(String jobId, String nodeId, LongSupplier epoch, Clock clock, TaskExecutorGateway taskExecutors,
            Duration idleTimeout, Duration heartbeatTimeout, int rpcFailureThreshold, Listener listener) {
        this.jobId = jobId;
        this.nodeId = nodeId;
        this.epoch = epoch;
        this.clock = clock;
        this.taskExecutors = taskExecutors;
        this.pool = new DeclarativeSlotPool(idleTimeout);
        this.heartbeats = new HeartbeatMonitor<>(heartbeatTimeout, rpcFailureThreshold);
        this.heartbeatTimeout = heartbeatTimeout;
        this.rpcFailureThreshold = rpcFailureThreshold;
        this.listener = listener;
    }

    /** The pool itself, for choosing, reserving and releasing slots. */
    public DeclarativeSlotPool pool() {
        return pool;
    }

    /** Slots held (any thread: for the metrics). */
    public int heldSlots() {
        return heldSlots;
    }

    /**
     * Every slot the job holds (free and in use) covers what it may have (its target, or its whole share), and no
     * share is awaited for a raised requirement.
     */
    public boolean hasDesiredResources() {
        return pool.hasDesired();
    }

    /** The job's requirement changed (the job waits for slots from now if short of them). */
    public void setRequirement(int minSlots, int desiredSlots) {
        pool.setRequirement(minSlots, desiredSlots, clock.millis());
    }

    /** The ResourceManager's division gave the job a new share: free slots beyond it go back at once. */
    public void applyQuota(int quota) {
        boolean changed = quota != pool.quota();
        boolean answered = pool.shareAwaited();
        if (changed) {
            LOG.info("Job {} share of the cluster is now {} slots (holding {}, desiring {})", jobId, quota, pool.held(),
                    pool.declaration().desiredSlots());
        }
        pool.setQuota(quota, clock.millis());
        releaseExcess();
        if (changed || answered) {
            // What the job is entitled to changed, or is known again: so may whether it has all of it.
            listener.resourcesChanged();
        }
    }

    public SlotsAccepted offerSlots(OfferSlots offer) {
        int before = pool.held();
        DeclarativeSlotPool.OfferOutcome outcome = pool.offerSlots(offer.taskExecutorId(), offer.nodeId(), offer.host(),
                offer.dataPort(), offer.offers(), clock.millis());
        List<String> accepted = outcome.accepted();
        outcome.waitedMillis().forEach(listener::slotAcquired);
        if (!accepted.isEmpty() && !heartbeats.isMonitored(offer.taskExecutorId())) {
            heartbeats.monitor(offer.taskExecutorId(), clock.millis());
        }
        if (accepted.size() < offer.offers().size()) {
            LOG.info("Job {} declined {} of {} slots offered by {} (holding {}, entitled to {})", jobId,
                    offer.offers().size() - accepted.size(), offer.offers().size(), offer.taskExecutorId(), pool.held(),
                    pool.entitled());
        }
        if (pool.held() > before) {
            LOG.info("Job {} accepted {} slots from {}; holding {} of {} desired", jobId, pool.held() - before,
                    offer.taskExecutorId(), pool.held(), pool.declaration().desiredSlots());
        }
        afterPoolChange();
        return new SlotsAccepted(offer.offerId(), epoch.getAsLong(), nodeId, accepted);
    }

    /** The cluster node a TaskExecutor holding the job's slots runs on, if it holds any. */
    public Optional<String> nodeOf(String taskExecutorId) {
        return pool.slots().stream().filter(s -> s.taskExecutorId().equals(taskExecutorId)).findFirst()
                .map(DeclarativeSlotPool.PooledSlot::taskExecutorNodeId);
    }

    /** A TaskExecutor is gone: the listener hears first, then its slots leave the pool. */
    public void removeTaskExecutor(String taskExecutorId, String why) {
        listener.taskExecutorRemoved(taskExecutorId, why);
        List<DeclarativeSlotPool.PooledSlot> lost = pool.removeTaskExecutor(taskExecutorId, clock.millis());
        heartbeats.stop(taskExecutorId);
        if (!lost.isEmpty()) {
            LOG.info("Job {} lost {} slots on TaskExecutor {}: {}; holding {}", jobId, lost.size(), taskExecutorId, why,
                    pool.held());
            afterPoolChange();
        }
    }

    /** A cluster node left: the TaskExecutors on it are gone. */
    public void nodeLeft(String leftNodeId) {
        for (String te : pool.taskExecutorsOnNode(leftNodeId)) {
            removeTaskExecutor(te, "its process left the cluster");
        }
    }

    /** Slots beyond the job's share or target, or idle too long, go back to their TaskExecutors. */
    public void releaseExcess() {
        for (DeclarativeSlotPool.PooledSlot s : pool.releaseExcess(clock.millis())) {
            LOG.info("Job {} returns slot {} on {} ({})", jobId, s.slotIndex(), s.taskExecutorId(), s.allocationId());
            taskExecutors.freeSlot(s.taskExecutorId(), new FreeSlot(jobId, epoch.getAsLong(), s.allocationId(),
                    "the job holds more slots than its share or target"))
                    .onFailure(e -> LOG.debug("Could not return slot {}: {} (the next heartbeat frees it)",
                            s.allocationId(), e.toString()));
        }
        afterPoolChange();
    }

    /** Heartbeats to every TaskExecutor holding the job's slots; their answers reconcile the pool. */
    public void heartbeat() {
        for (Map.Entry<String, List<String>> e : pool.allocationsByTaskExecutor().entrySet()) {
            String te = e.getKey();
            taskExecutors.heartbeatFromJobMaster(te, new AllocatedSlotReport(jobId, epoch.getAsLong(), nodeId, e.getValue()))
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            heartbeats.received(te, clock.millis());
                            for (String unknown : ar.result().unknownAllocationIds()) {
                                pool.removeSlot(unknown, clock.millis()).ifPresent(s -> LOG.info(
                                        "TaskExecutor {} no longer holds slot {} for job {}; dropped", te, unknown, jobId));
                            }
                            afterPoolChange();
                        } else if (BusClient.errorOf(ar.cause()) == ProtocolError.STALE) {
                            listener.fenced();
                        } else if (BusClient.isUnreachable(ar.cause()) && heartbeats.unreachable(te)) {
                            removeTaskExecutor(te, "unreachable for " + rpcFailureThreshold + " heartbeats");
                        }
                    });
        }
    }

    /** TaskExecutors silent beyond the heartbeat timeout are gone; excess slots go back. */
    public void housekeeping() {
        for (String te : heartbeats.expire(clock.millis())) {
            removeTaskExecutor(te, "no heartbeat within " + heartbeatTimeout.toSeconds() + " s");
        }
        releaseExcess();
    }

    /** The slots of a finished execution are free again. */
    public void release(java.util.Collection<String> allocationIds) {
        pool.release(allocationIds, clock.millis());
    }

    private void afterPoolChange() {
        heldSlots = pool.held();
        Set<String> held = new HashSet<>();
        pool.slots().forEach(x -> held.add(x.allocationId()));
        if (!held.equals(lastHeld)) {
            lastHeld = held;
            listener.resourcesChanged();
        }
    }
}
