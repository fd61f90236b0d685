package io.ebbflow.jm.slots;

import io.ebbflow.core.protocol.JobMasterMessages.SlotOffer;
import io.ebbflow.core.protocol.ResourceDeclaration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JobMaster's slots and what it asks for. The pool declares an absolute requirement (the
 * ResourceManager fills the gap), accepts offered slots only against an outstanding requirement, and
 * gives slots back:
 * <ul>
 *   <li>free slots beyond the job's share of the cluster (its quota under the ResourceManager's fair
 *       division) at once, because another job is entitled to them;</li>
 *   <li>free slots beyond the declared desired count once they have been idle for
 *       {@code slot.idle.timeout}, so a job that needs them again soon keeps them.</li>
 * </ul>
 * When choosing which slots to give back it prefers TaskExecutors where the job holds the fewest
 * slots, so TaskExecutors empty out and can be released.
 *
 * <p>Pure bookkeeping with {@code now} passed in. Confined to the JobMaster's verticle.
 */
public final class DeclarativeSlotPool {

    /** Quota value while the ResourceManager has not said. */
    public static final int QUOTA_UNKNOWN = -1;

    private final long idleTimeoutMillis;
    private final Map<String, PooledSlot> slots = new LinkedHashMap<>();
    private ResourceDeclaration declaration = new ResourceDeclaration(0, 0, 0);
    private int quota = QUOTA_UNKNOWN;
    /** A requirement above the share was declared, and the ResourceManager has not given a share since. */
    private boolean shareAwaited;
    /** Since when the pool has been short of its entitlement, or -1 while it is not. */
    private long unmetSince = -1;

    /** A slot in the pool: {@code FREE} (held, unused) or {@code RESERVED} (running tasks). */
    public enum State { FREE, RESERVED }

    /**
     * A held slot.
     *
     * @param since when it entered its state (for idle release)
     */
    public record PooledSlot(String allocationId, String taskExecutorId, String taskExecutorNodeId, String host,
            int dataPort, int slotIndex, State state, long since) {

        PooledSlot with(State newState, long now) {
            return new PooledSlot(allocationId, taskExecutorId, taskExecutorNodeId, host, dataPort, slotIndex, newState, now);
        }
    }

    public DeclarativeSlotPool(Duration idleTimeout) {
        this.idleTimeoutMillis = idleTimeout.toMillis();
    }

    /**
     * Sets the absolute requirement.
     *
     * @return true if it changed (then the new declaration has a higher version and should be sent now)
     */
    public boolean setRequirement(int minSlots, int desiredSlots, long now) {
        if (minSlots == declaration.minSlots() && desiredSlots == declaration.desiredSlots()) {
            return false;
        }
        declaration = new ResourceDeclaration(declaration.version() + 1, minSlots, desiredSlots);
        shareAwaited |= quota != QUOTA_UNKNOWN && desiredSlots > quota;
        trackUnmet(now);
        return true;
    }

    public ResourceDeclaration declaration() {
        return declaration;
    }

    /** The ResourceManager's latest word on the job's share. */
    public void setQuota(int quota, long now) {
        this.quota = quota;
        shareAwaited = false;
        trackUnmet(now);
    }

    /**
     * Whether a requirement above the job's share was declared and the ResourceManager has not answered with a share
     * since: until it does, the old share says nothing of whether the job holds what it may have.
     */
    public boolean shareAwaited() {
        return shareAwaited;
    }

    /**
     * Every slot the job holds covers what it may have (its target, or its whole share), and no share is awaited for
     * a raised requirement. Without the second part, a scheduler asked between a raised requirement and the
     * ResourceManager's answer (some 25 ms) rescaled with the slots at hand, and again when the new ones came.
     */
    public boolean hasDesired() {
        return !shareAwaited && held() >= entitled();
    }

    /** Since when the pool has been waiting for slots it is entitled to, if it is. */
    public Optional<Long> unmetSince() {
        return unmetSince < 0 ? Optional.empty() : Optional.of(unmetSince);
    }

    private void trackUnmet(long now) {
        if (outstanding() == 0) {
            unmetSince = -1;
        } else if (unmetSince < 0) {
            unmetSince = now;
        }
    }

    public int quota() {
        return quota;
    }

    /** How many slots the job may hold now: its desired count, capped by its quota when known. */
    public int entitled() {
        return quota == QUOTA_UNKNOWN ? declaration.desiredSlots() : Math.min(declaration.desiredSlots(), quota);
    }

    public int outstanding() {
        return Math.max(0, entitled() - slots.size());
    }

    /**
     * What an offer brought.
     *
     * @param accepted every accepted allocation id (including slots already held)
     * @param waitedMillis for each newly accepted slot, how long the pool had been short of slots when it came
     */
    public record OfferOutcome(List<String> accepted, List<Long> waitedMillis) {
    }

    /**
     * Accepts offered slots: those already held (an offer repeated after a lost reply), then new ones
     * while a requirement is outstanding.
     */
    public OfferOutcome offerSlots(String taskExecutorId, String nodeId, Collection<SlotOffer> offers, long now) {
        return offerSlots(taskExecutorId, nodeId, "127.0.0.1", 0, offers, now);
    }

    /** Same, with where the offering TaskExecutor's data server listens. */
    public OfferOutcome offerSlots(String taskExecutorId, String nodeId, String host, int dataPort,
            Collection<SlotOffer> offers, long now) {
        List<String> accepted = new ArrayList<>();
        List<Long> waited = new ArrayList<>();
        for (SlotOffer o : offers) {
            PooledSlot known = slots.get(o.allocationId());
            if (known != null) {
                if (known.taskExecutorId().equals(taskExecutorId) && known.slotIndex() == o.slotIndex()) {
                    accepted.add(o.allocationId());
                }
                continue;
            }
            if (outstanding() > 0) {
                slots.put(o.allocationId(), new PooledSlot(o.allocationId(), taskExecutorId, nodeId, host, dataPort,
                        o.slotIndex(), State.FREE, now));
                accepted.add(o.allocationId());
                waited.add(unmetSince < 0 ? 0 : now - unmetSince);
            }
        }
        trackUnmet(now);
        return new OfferOutcome(accepted, waited);
    }

    /**
     * Removes and returns the slots to give back now (see the class comment). Reserved slots are never
     * returned.
     */
    public List<PooledSlot> releaseExcess(long now) {
        try {
            return release(now);
        } finally {
            trackUnmet(now);
        }
    }

    private List<PooledSlot> release(long now) {
        int held = slots.size();
        int overQuota = quota == QUOTA_UNKNOWN ? 0 : Math.max(0, held - quota);
        List<PooledSlot> released = new ArrayList<>();
        for (PooledSlot s : releaseOrder()) {
            if (released.size() == overQuota) {
                break;
            }
            released.add(s);
        }
        int overDesired = Math.max(0, held - released.size() - declaration.desiredSlots());
        int idleReleased = 0;
        for (PooledSlot s : releaseOrder()) {
            if (idleReleased == overDesired) {
                break;
            }
            if (!released.contains(s) && now - s.since() >= idleTimeoutMillis) {
                released.add(s);
                idleReleased++;
            }
        }
        released.forEach(s -> slots.remove(s.allocationId()));
        return released;
    }

    /** Free slots, those on TaskExecutors where the job holds the fewest slots first, then longest idle. */
    private List<PooledSlot> releaseOrder() {
        Map<String, Integer> perTe = new HashMap<>();
        slots.values().forEach(s -> perTe.merge(s.taskExecutorId(), 1, Integer::sum));
        return slots.values().stream().filter(s -> s.state() == State.FREE)
                .sorted(Comparator.<PooledSlot>comparingInt(s -> perTe.get(s.taskExecutorId()))
                        .thenComparing(PooledSlot::taskExecutorId)
                        .thenComparingLong(PooledSlot::since)
                        .thenComparing(PooledSlot::allocationId))
                .toList();
    }

    /** When the next idle slot beyond the desired count becomes releasable, if any. */
    public Optional<Long> nextIdleRelease() {
        if (slots.size() <= declaration.desiredSlots()) {
            return Optional.empty();
        }
        return slots.values().stream().filter(s -> s.state() == State.FREE)
                .map(s -> s.since() + idleTimeoutMillis).min(Long::compare);
    }

    /** A TaskExecutor is gone: its slots leave the pool. */
    public List<PooledSlot> removeTaskExecutor(String taskExecutorId, long now) {
        List<PooledSlot> removed = slots.values().stream().filter(s -> s.taskExecutorId().equals(taskExecutorId)).toList();
        removed.forEach(s -> slots.remove(s.allocationId()));
        trackUnmet(now);
        return removed;
    }

    /** A slot the TaskExecutor no longer holds for us. */
    public Optional<PooledSlot> removeSlot(String allocationId, long now) {
        Optional<PooledSlot> removed = Optional.ofNullable(slots.remove(allocationId));
        trackUnmet(now);
        return removed;
    }

    /** Marks slots as running tasks: they are never given back while reserved. */
    public void reserve(Collection<String> allocationIds, long now) {
        for (String id : allocationIds) {
            PooledSlot s = slots.get(id);
            if (s != null) {
                slots.put(id, s.with(State.RESERVED, now));
            }
        }
    }

    /** These slots' tasks ended: they are free again (idle from now). */
    public void release(Collection<String> allocationIds, long now) {
        for (String id : allocationIds) {
            PooledSlot s = slots.get(id);
            if (s != null && s.state() == State.RESERVED) {
                slots.put(id, s.with(State.FREE, now));
            }
        }
    }

    public boolean contains(String allocationId) {
        return slots.containsKey(allocationId);
    }

    /** The slots' tasks ended: they are free again (idle from now). */
    public void releaseAll(long now) {
        release(List.copyOf(slots.keySet()), now);
    }

    /**
     * Chooses {@code count} free slots, packing them onto the fewest TaskExecutors: those holding the most
     * of the job's free slots first (ties by id), so emptied TaskExecutors can be released.
     */
    public List<PooledSlot> chooseFree(int count) {
        Map<String, Integer> perTe = new HashMap<>();
        slots.values().stream().filter(s -> s.state() == State.FREE).forEach(s -> perTe.merge(s.taskExecutorId(), 1, Integer::sum));
        List<PooledSlot> free = slots.values().stream().filter(s -> s.state() == State.FREE)
                .sorted(Comparator.<PooledSlot>comparingInt(s -> -perTe.get(s.taskExecutorId()))
                        .thenComparing(PooledSlot::taskExecutorId).thenComparingInt(PooledSlot::slotIndex))
                .toList();
        if (free.size() < count) {
            throw new IllegalStateException("only " + free.size() + " free slots, " + count + " needed");
        }
        return free.subList(0, count);
    }

    /** TaskExecutors whose process is this cluster node. */
    public List<String> taskExecutorsOnNode(String nodeId) {
        return slots.values().stream().filter(s -> s.taskExecutorNodeId().equals(nodeId))
                .map(PooledSlot::taskExecutorId).distinct().toList();
    }

    /** Held slots grouped by TaskExecutor, for the JobMaster's heartbeats. */
    public Map<String, List<String>> allocationsByTaskExecutor() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (PooledSlot s : slots.values()) {
            out.computeIfAbsent(s.taskExecutorId(), k -> new ArrayList<>()).add(s.allocationId());
        }
        return out;
    }

    public Collection<PooledSlot> slots() {
        return List.copyOf(slots.values());
    }

    public int held() {
        return slots.size();
    }
}
