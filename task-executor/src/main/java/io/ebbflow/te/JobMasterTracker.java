package io.ebbflow.te;

import io.ebbflow.core.heartbeat.HeartbeatMonitor;
import io.ebbflow.core.protocol.TaskExecutorMessages.AllocatedSlotReport;
import io.ebbflow.core.protocol.TaskExecutorMessages.DisconnectJobMaster;
import io.ebbflow.core.protocol.TaskExecutorMessages.FreeSlot;
import io.ebbflow.core.protocol.TaskExecutorMessages.TaskExecutorJobReport;
import io.ebbflow.core.protocol.TaskSlotState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JobMasters of the jobs that hold slots here: their epochs (fencing a JobMaster that was replaced),
 * the cluster node each runs on, and their liveness. A JobMaster is watched from when it first holds an
 * active slot here; one silent for {@code heartbeat.timeout}, or whose node left the cluster, is lost,
 * and its job's slots wait one {@code taskmanager.slot.timeout} for a restarted JobMaster to take them
 * back (see {@link TaskSlotTable#markJobInactive}).
 *
 * <p>Decides on the {@link TaskSlotTable} it shares with the verticle, with {@code now} passed in, and
 * returns the slots whose subtasks must be cancelled and which the ResourceManager must hear are free.
 * Pure; confined to the TaskExecutor's verticle.
 */
final class JobMasterTracker {

    /**
     * A JobMaster's heartbeat, reconciled.
     *
     * @param reply the job's active slots here, and listed ones this TaskExecutor does not hold
     * @param released active slots the JobMaster no longer lists: freed
     */
    record Heartbeat(TaskExecutorJobReport reply, List<TaskSlotTable.TaskSlot> released) {
    }

    private final TaskSlotTable slots;
    private final HeartbeatMonitor<String> heartbeats;
    private final Map<String, String> nodes = new HashMap<>();

    JobMasterTracker(TaskSlotTable slots, Duration heartbeatTimeout) {
        this.slots = slots;
        this.heartbeats = new HeartbeatMonitor<>(heartbeatTimeout, -1);
    }

    /**
     * A message from the job's JobMaster carried its epoch: a newer one is adopted.
     *
     * @throws io.ebbflow.core.protocol.ProtocolException STALE if the epoch is older than the job's here
     */
    void checkEpoch(String jobId, long jobMasterEpoch) {
        slots.checkJobMasterEpoch(jobId, jobMasterEpoch);
    }

    /** The JobMaster answered a slot offer; it is watched once it took any slot. */
    void answeredOffer(String jobId, long jobMasterEpoch, String jobMasterNodeId, boolean tookAny, long now) {
        checkEpoch(jobId, jobMasterEpoch);
        nodes.put(jobId, jobMasterNodeId);
        if (tookAny) {
            watch(jobId, now);
        }
    }

    /**
     * Reconciles the job's slots with those its JobMaster lists: listed slots are active (an allocated one
     * is accepted by being listed), active ones it no longer lists are freed.
     */
    Heartbeat heartbeat(AllocatedSlotReport msg, long now) {
        checkEpoch(msg.jobId(), msg.jobMasterEpoch());
        nodes.put(msg.jobId(), msg.jobMasterNodeId());
        heartbeats.received(msg.jobId(), now);
        Set<String> listed = new HashSet<>(msg.allocationIds());
        List<String> active = new ArrayList<>();
        List<TaskSlotTable.TaskSlot> released = new ArrayList<>();
        for (TaskSlotTable.TaskSlot s : slots.ofJob(msg.jobId())) {
            if (listed.contains(s.allocationId())) {
                if (s.state() == TaskSlotState.ALLOCATED) {
                    slots.markActive(s.allocationId());
                }
                active.add(s.allocationId());
            } else if (s.state() == TaskSlotState.ACTIVE) {
                slots.free(s.allocationId());
                released.add(s);
            }
        }
        List<String> unknown = msg.allocationIds().stream().filter(a -> !active.contains(a)).toList();
        if (!active.isEmpty()) {
            watch(msg.jobId(), now);
        }
        return new Heartbeat(new TaskExecutorJobReport(active, unknown), released);
    }

    /** The JobMaster gave one slot back; returns it as it was, if the job held it. */
    Optional<TaskSlotTable.TaskSlot> freeSlot(FreeSlot msg) {
        checkEpoch(msg.jobId(), msg.jobMasterEpoch());
        Optional<TaskSlotTable.TaskSlot> slot = slots.byAllocation(msg.allocationId())
                .filter(s -> s.jobId().equals(msg.jobId()));
        slot.ifPresent(s -> slots.free(s.allocationId()));
        return slot;
    }

    /** The JobMaster is done with this TaskExecutor: every slot of the job is freed; returns them as they were. */
    List<TaskSlotTable.TaskSlot> disconnected(DisconnectJobMaster msg) {
        checkEpoch(msg.jobId(), msg.jobMasterEpoch());
        return slots.freeJob(msg.jobId());
    }

    /** JobMasters not heard from within the heartbeat timeout; each is no longer watched. */
    List<String> silent(long now) {
        return heartbeats.expire(now);
    }

    /** Jobs whose JobMaster ran on a cluster node. */
    List<String> onNode(String nodeId) {
        return nodes.entrySet().stream().filter(e -> e.getValue().equals(nodeId)).map(Map.Entry::getKey).toList();
    }

    /**
     * The job's JobMaster is gone: it is no longer watched, and the job's active slots wait for a new one.
     *
     * @return the slots that now wait (ALLOCATED again, offered to the JobMaster until they expire)
     */
    List<TaskSlotTable.TaskSlot> lost(String jobId, long now) {
        List<TaskSlotTable.TaskSlot> waiting = slots.markJobInactive(jobId, now);
        forget(jobId);
        return waiting;
    }

    /**
     * Forgets the job's JobMaster if the job has no slot here any more.
     *
     * @return true if it was forgotten
     */
    boolean forgetIfNoSlots(String jobId) {
        if (!slots.ofJob(jobId).isEmpty()) {
            return false;
        }
        forget(jobId);
        return true;
    }

    boolean isWatched(String jobId) {
        return heartbeats.isMonitored(jobId);
    }

    private void watch(String jobId, long now) {
        if (!heartbeats.isMonitored(jobId)) {
            heartbeats.monitor(jobId, now);
        }
    }

    private void forget(String jobId) {
        heartbeats.stop(jobId);
        nodes.remove(jobId);
    }
}
