package io.ebbflow.rm;

import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.ResourceManagerMessages.RegisterTaskExecutor;
import io.ebbflow.core.protocol.SlotReport;
import io.ebbflow.core.state.TaskExecutorRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The registered TaskExecutors: who may use a TaskExecutor id, under which registration id, and when
 * each was last heard from. Every change is also recorded for replication, drained with
 * {@link #drainChanges()}. Their slots live in the {@link SlotTracker}; the {@link SlotManager} keeps
 * the two in step.
 *
 * <p>Pure bookkeeping: no I/O, no clock ({@code now} is a parameter). Confined to the ResourceManager's
 * verticle.
 */
final class TaskExecutorRegistry {

    private final Map<String, Registered> taskExecutors = new TreeMap<>();
    /** Writes since the last drain: TaskExecutor id → record, or null to remove. */
    private final Map<String, TaskExecutorRecord> changes = new LinkedHashMap<>();

    /** A registered TaskExecutor and when it was last heard from. */
    static final class Registered {
        private final TaskExecutorRecord record;
        private long lastHeartbeat;

        private Registered(TaskExecutorRecord record, long lastHeartbeat) {
            this.record = record;
            this.lastHeartbeat = lastHeartbeat;
        }

        TaskExecutorRecord record() {
            return record;
        }

        long lastHeartbeat() {
            return lastHeartbeat;
        }
    }

    /** Restores a TaskExecutor from the shared map after a restart (no replication write). */
    void restore(TaskExecutorRecord record, long now) {
        taskExecutors.put(record.taskExecutorId(), new Registered(record, now));
    }

    /**
     * Decides whether a registration may take its TaskExecutor id, and whether the registration already
     * under that id must go first (with its slots) because it was another process or another slot count.
     *
     * @param isLiveNode whether a cluster node is still a member (a live TaskExecutor's id may not be taken over)
     * @return true if the existing registration must be removed before this one is added
     * @throws ProtocolException CONFLICT if another live process uses the same TaskExecutor id
     */
    boolean mustReplace(RegisterTaskExecutor msg, Predicate<String> isLiveNode) {
        Registered existing = taskExecutors.get(msg.taskExecutorId());
        if (existing == null) {
            return false;
        }
        boolean sameNode = existing.record.nodeId().equals(msg.nodeId());
        if (!sameNode && isLiveNode.test(existing.record.nodeId())) {
            throw ProtocolException.conflict("task executor id '" + msg.taskExecutorId()
                    + "' is already registered by live node " + existing.record.nodeId());
        }
        return !sameNode || existing.record.numberOfSlots() != msg.numberOfSlots();
    }

    /**
     * Registers (or re-registers) a TaskExecutor under a new registration id. A re-registration keeps
     * the time of the first one.
     */
    TaskExecutorRecord register(RegisterTaskExecutor msg, String registrationId, long now) {
        Registered existing = taskExecutors.get(msg.taskExecutorId());
        TaskExecutorRecord record = new TaskExecutorRecord(msg.taskExecutorId(), msg.nodeId(), msg.host(), msg.dataPort(),
                msg.numberOfSlots(), msg.hardware(), registrationId, existing == null ? now : existing.record.registeredAt());
        taskExecutors.put(msg.taskExecutorId(), new Registered(record, now));
        changes.put(msg.taskExecutorId(), record);
        return record;
    }

    /**
     * A heartbeat: records the time, then checks that the slot report covers exactly the registered slots.
     *
     * @throws ProtocolException UNKNOWN_SENDER if it is not registered under this registration id,
     *         MALFORMED if the report has another number of slots
     */
    void heartbeat(String taskExecutorId, String registrationId, SlotReport report, long now) {
        Registered te = require(taskExecutorId, registrationId);
        te.lastHeartbeat = now;
        if (report.slots().size() != te.record.numberOfSlots()) {
            throw ProtocolException.malformed("slot report of " + taskExecutorId + " has " + report.slots().size()
                    + " slots, registered with " + te.record.numberOfSlots());
        }
    }

    /**
     * Checks that the TaskExecutor is registered under this registration id.
     *
     * @throws ProtocolException UNKNOWN_SENDER if it is not
     */
    void checkRegistration(String taskExecutorId, String registrationId) {
        require(taskExecutorId, registrationId);
    }

    private Registered require(String taskExecutorId, String registrationId) {
        Registered te = taskExecutors.get(taskExecutorId);
        if (te == null) {
            throw ProtocolException.unknownSender("task executor " + taskExecutorId + " is not registered");
        }
        if (!te.record.registrationId().equals(registrationId)) {
            throw ProtocolException.unknownSender("task executor " + taskExecutorId
                    + " is registered under another registration id; register again");
        }
        return te;
    }

    /** Removes a TaskExecutor; returns false if it was not registered. */
    boolean remove(String taskExecutorId) {
        if (taskExecutors.remove(taskExecutorId) == null) {
            return false;
        }
        changes.put(taskExecutorId, null);
        return true;
    }

    /** The TaskExecutors whose process is the given cluster node. */
    List<String> onNode(String nodeId) {
        return taskExecutors.values().stream().filter(t -> t.record.nodeId().equals(nodeId))
                .map(t -> t.record.taskExecutorId()).collect(Collectors.toList());
    }

    boolean isRegistered(String taskExecutorId) {
        return taskExecutors.containsKey(taskExecutorId);
    }

    int size() {
        return taskExecutors.size();
    }

    /** Every registered TaskExecutor, by id. */
    Collection<Registered> all() {
        return Collections.unmodifiableCollection(new ArrayList<>(taskExecutors.values()));
    }

    /** Whether writes were recorded since the last drain. */
    boolean hasChanges() {
        return !changes.isEmpty();
    }

    /** The writes recorded since the last call: TaskExecutor id → record, or null for a removal. */
    Map<String, TaskExecutorRecord> drainChanges() {
        Map<String, TaskExecutorRecord> out = new LinkedHashMap<>(changes);
        changes.clear();
        return out;
    }
}
